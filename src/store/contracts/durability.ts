/**
 * What lets a running bot see whether its store keeps what it is given (docs/operations.md):
 * the store's identity (written once, so a wiped store shows as a missing or changed one), the
 * server's persistence and eviction settings, and a write probe for /readyz.
 */

/** Written at the first start on a store, never expires: its disappearance means the data went with it. */
export interface StoreIdentity {
  id: string;
  /** ISO 8601. */
  createdAt: string;
}

/** The settings of a Redis server (every master of a Cluster) that decide whether responses survive. */
export interface ServerDurability {
  /** `appendonly yes` on every master; null when it could not be read. */
  appendOnly: boolean | null;
  /** RDB save points (`save`) on every master; null when they could not be read (CONFIG disabled). */
  snapshots: boolean | null;
  /** `maxmemory-policy` (an evicting one if any master has one); null when it could not be read. */
  evictionPolicy: string | null;
  /** CONFIG GET, or INFO where CONFIG is disabled (as on managed Redis services). */
  source: 'config' | 'info';
}

export interface StoreDurability {
  /** Keeps `candidate` as the store's identity unless it has one; returns the one kept. */
  claimStoreIdentity(candidate: StoreIdentity): Promise<{ identity: StoreIdentity; created: boolean }>;
  /** The identity the store holds now, or null when it has none (new, or wiped). */
  readStoreIdentity(): Promise<StoreIdentity | null>;
  /** The server's persistence and eviction settings; null for the embedded store, which has no server. */
  serverDurability(): Promise<ServerDurability | null>;
  /**
   * Can the store take a write now (for /readyz)? A PING is not enough: a Redis out of memory
   * under `noeviction` answers PING and refuses every turn. False rather than a rejection.
   */
  canTakeWrites(): Promise<boolean>;
}

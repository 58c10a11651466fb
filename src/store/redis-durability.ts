/**
 * The Redis side of `StoreDurability` (contracts/durability.ts): the store's identity key, the
 * servers' persistence and eviction settings, and the write probe behind /readyz.
 */
import type { Cluster, Redis } from 'ioredis';
import type { ServerDurability, StoreDurability, StoreIdentity } from './contracts/durability.js';
import type { RedisKeys } from './redis-keys.js';
import { parseStored, storeIdentitySchema } from './schemas.js';

/** Long enough to outlive a slow probe, short enough that the probe keys never pile up. */
const PROBE_TTL_MS = 60_000;

const mastersOf = (client: Redis | Cluster): Redis[] => ('nodes' in client ? client.nodes('master') : [client]);

/** `key:value` lines of an INFO section. */
function infoFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return fields;
}

async function configValue(node: Redis, name: string): Promise<string> {
  const [, value] = (await node.config('GET', name)) as string[];
  if (value === undefined) throw new Error(`CONFIG GET ${name} returned nothing`);
  return value;
}

/** One server's settings: CONFIG GET, else INFO (which tells AOF and the policy, not the save points). */
async function nodeDurability(node: Redis): Promise<ServerDurability> {
  try {
    const [appendOnly, save, policy] = await Promise.all(
      ['appendonly', 'save', 'maxmemory-policy'].map((name) => configValue(node, name)),
    );
    return {
      appendOnly: appendOnly === 'yes',
      snapshots: save?.trim() !== '',
      evictionPolicy: policy ?? null,
      source: 'config',
    };
  } catch {
    const persistence = infoFields(await node.info('persistence'));
    const memory = infoFields(await node.info('memory'));
    const aof = persistence.get('aof_enabled');
    return {
      appendOnly: aof === undefined ? null : aof === '1',
      snapshots: null,
      evictionPolicy: memory.get('maxmemory_policy') ?? null,
      source: 'info',
    };
  }
}

/** A Cluster is as durable as its least durable master. */
function weakest(nodes: readonly ServerDurability[]): ServerDurability {
  const all = (values: (boolean | null)[]) => (values.includes(null) ? null : values.every(Boolean));
  const policies = nodes.map((node) => node.evictionPolicy);
  return {
    appendOnly: all(nodes.map((node) => node.appendOnly)),
    snapshots: all(nodes.map((node) => node.snapshots)),
    evictionPolicy: policies.find((policy) => policy !== 'noeviction' && policy !== null) ?? policies[0] ?? null,
    source: nodes.some((node) => node.source === 'info') ? 'info' : 'config',
  };
}

export class RedisDurability implements StoreDurability {
  constructor(
    private readonly client: Redis | Cluster,
    private readonly keys: RedisKeys,
  ) {}

  async claimStoreIdentity(candidate: StoreIdentity): Promise<{ identity: StoreIdentity; created: boolean }> {
    const key = this.keys.storeIdentity();
    const written = await this.client.set(key, JSON.stringify(candidate), 'NX');
    if (written === 'OK') return { identity: candidate, created: true };
    const kept = await this.readStoreIdentity();
    // Something of another shape under the key: replace it rather than run without an identity.
    if (kept) return { identity: kept, created: false };
    await this.client.set(key, JSON.stringify(candidate));
    return { identity: candidate, created: true };
  }

  async readStoreIdentity(): Promise<StoreIdentity | null> {
    const json = await this.client.get(this.keys.storeIdentity());
    return json === null ? null : parseStored(storeIdentitySchema, json);
  }

  async serverDurability(): Promise<ServerDurability> {
    return weakest(await Promise.all(mastersOf(this.client).map(nodeDurability)));
  }

  async canTakeWrites(): Promise<boolean> {
    try {
      // One probe per shard tag, so every Cluster master that holds people is asked.
      const now = String(Date.now());
      await Promise.all(
        this.keys.allShards().map((shard) => this.client.set(this.keys.writeProbe(shard), now, 'PX', PROBE_TTL_MS)),
      );
      return true;
    } catch {
      return false;
    }
  }
}

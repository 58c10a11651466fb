/**
 * The store checks at start-up (docs/operations.md): keep (or write) the store's identity, and
 * read the Redis server's persistence and eviction settings, warning in one line when
 * responses would not survive a Redis restart or may be evicted.
 */
import type { Logger } from 'pino';
import type { ConversationStore, ServerDurability, StoreIdentity } from '../store/types.js';
import type { DurabilityConcern, DurabilityState } from './state.js';

export interface StartCheckOptions {
  store: ConversationStore;
  logger: Logger;
  state: DurabilityState;
  newId: () => string;
  clock: () => number;
}

const ADVICE =
  'for production run Redis with appendonly yes, appendfsync everysec and maxmemory-policy noeviction (docs/operations.md)';

export function concernsOf(settings: ServerDurability): DurabilityConcern[] {
  const concerns: DurabilityConcern[] = [];
  // Only a known "neither": INFO (CONFIG disabled) cannot tell the save points, and a guess would cry wolf.
  if (settings.appendOnly === false && settings.snapshots === false) concerns.push('no_persistence');
  if (settings.evictionPolicy !== null && settings.evictionPolicy !== 'noeviction') concerns.push('evicting_policy');
  return concerns;
}

/** The one warning line for what the settings put at risk, or null when nothing is. */
export function durabilityWarning(where: string, settings: ServerDurability): string | null {
  const parts: string[] = [];
  const concerns = concernsOf(settings);
  if (concerns.includes('no_persistence')) {
    parts.push('responses would not survive a Redis restart (appendonly no and no RDB save points)');
  }
  if (concerns.includes('evicting_policy')) {
    parts.push(
      `maxmemory-policy ${settings.evictionPolicy} evicts keys when memory is full, so responses can be lost; reward codes are withheld`,
    );
  }
  return parts.length === 0 ? null : `${where}: ${parts.join('; ')}; ${ADVICE}`;
}

function describeSettings(settings: ServerDurability): string {
  const snapshots = settings.snapshots === null ? 'unknown (CONFIG is disabled)' : settings.snapshots ? 'on' : 'off';
  const aof = settings.appendOnly === null ? 'unknown' : settings.appendOnly ? 'on' : 'off';
  return `append-only file ${aof}, RDB snapshots ${snapshots}, maxmemory-policy ${settings.evictionPolicy ?? 'unknown'}`;
}

/** Runs the checks; returns the identity the running process then watches. */
export async function checkStoreAtStart(options: StartCheckOptions): Promise<StoreIdentity> {
  const { store, logger, state } = options;
  const candidate = { id: options.newId(), createdAt: new Date(options.clock()).toISOString() };
  const { identity, created } = await store.claimStoreIdentity(candidate);
  if (created) {
    // A first start, or a store emptied while no npsbot ran: from outside the two look the same.
    logger.info(
      { storeIdentity: identity },
      `new store: wrote its identity ${identity.id} (a first start, the first since an upgrade that added it, or a store emptied while no npsbot ran)`,
    );
  }
  // From this start on, every follow-up is counted as it changes; the summary reads earlier days from records.
  await store.followUpCountersSince(options.clock());
  const settings = await store.serverDurability();
  if (settings === null) return identity;
  for (const concern of concernsOf(settings)) state.note(concern);
  const warning = durabilityWarning(store.description, settings);
  if (warning) logger.warn({ durability: settings, concerns: state.list() }, warning);
  else logger.info({ durability: settings }, `Redis durability: ${describeSettings(settings)}`);
  return identity;
}

/**
 * Checks, while the process runs, that the store still holds the identity it had at start-up.
 * A store restarted without persistence (or flushed) loses everything at once — live
 * conversations, responses, the unused reward pool — and would otherwise do so without a word.
 * Gone or changed, the process reports it once: an error line, a `store.wiped` event through
 * the outbox, `npsbot_store_wiped_total`, and from then on it hands out no reward codes (the
 * pool's record of given codes went too) until it is restarted.
 */
import type { Logger } from 'pino';
import { Ticker } from '../scheduler/ticker.js';
import type { ConversationStore, StoreIdentity } from '../store/types.js';
import type { DurabilityState } from './state.js';

export interface StoreWatchOptions {
  store: ConversationStore;
  logger: Logger;
  state: DurabilityState;
  /** The identity found or written at start-up. */
  identity: StoreIdentity;
  /** Counts the wipe (`npsbot_store_wiped_total`). */
  countWipe: () => void;
  /** Wakes the outbox once the event is written. */
  nudgeOutbox: () => void;
  clock: () => number;
  intervalMs?: number;
}

export class StoreWatch {
  private readonly ticker: Ticker;
  /** The event still to be written (the store may fail right after the wipe). */
  private eventPending = false;
  private found: StoreIdentity | null = null;

  constructor(private readonly options: StoreWatchOptions) {
    this.ticker = new Ticker(
      options.intervalMs ?? 10_000,
      () => this.runOnce(),
      // A store that does not answer is reported by the turns and /readyz; this check just waits.
      (error) => options.logger.debug({ err: error }, 'store watch: could not read the store identity'),
    );
  }

  start(): void {
    this.ticker.start();
  }

  stop(): Promise<void> {
    return this.ticker.stop();
  }

  /** One check; true when the store is (or was already found) wiped. */
  async runOnce(): Promise<boolean> {
    const { state } = this.options;
    if (!state.has('store_wiped')) {
      const found = await this.options.store.readStoreIdentity();
      if (found?.id === this.options.identity.id) return false;
      this.report(found);
    }
    if (this.eventPending) await this.raiseEvent();
    return true;
  }

  private report(found: StoreIdentity | null): void {
    const { identity, logger, state } = this.options;
    state.note('store_wiped');
    this.eventPending = true;
    this.found = found;
    this.options.countWipe();
    logger.error(
      { lostIdentity: identity, foundIdentity: found },
      `the store was wiped: its identity ${identity.id} (created ${identity.createdAt}) is ${found ? `replaced by ${found.id}` : 'gone'}; live conversations, responses and the unused reward pool went with it; reward codes are withheld until this process restarts (docs/operations.md)`,
    );
  }

  private async raiseEvent(): Promise<void> {
    const { identity, store } = this.options;
    const now = this.options.clock();
    // One id per lost identity, so receivers that dedupe on webhook-id see one event however many processes notice.
    await store.raiseEvent(
      {
        id: `store-wiped-${identity.id}`,
        type: 'store.wiped',
        at: new Date(now).toISOString(),
        data: { lostIdentity: identity, foundIdentity: this.found },
      },
      now,
    );
    this.eventPending = false;
    this.options.nudgeOutbox();
  }
}

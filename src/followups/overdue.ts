/**
 * Notices follow-ups whose promise ran out without an agent's reply, and raises one
 * `followup.overdue` each. The store leases due follow-ups to one scheduler at a time; the
 * action is a compare-and-set that also takes the follow-up off the watch, so however many
 * processes run this, and even when one dies mid-way, each case is reported exactly once.
 */
import type { Logger } from 'pino';
import { Ticker } from '../scheduler/ticker.js';
import type { ConversationStore } from '../store/types.js';
import type { FollowUpService } from './service.js';

export interface OverdueSchedulerOptions {
  store: ConversationStore;
  service: FollowUpService;
  logger: Logger;
  clock?: () => number;
  intervalMs?: number;
  leaseMs?: number;
  batchSize?: number;
}

export class OverdueScheduler {
  private readonly clock: () => number;
  private readonly ticker: Ticker;

  constructor(private readonly options: OverdueSchedulerOptions) {
    this.clock = options.clock ?? Date.now;
    this.ticker = new Ticker(
      options.intervalMs ?? 30_000,
      () => this.runOnce(),
      (error) => options.logger.warn({ err: error }, 'follow-ups: could not check for overdue ones'),
    );
  }

  start(): void {
    this.ticker.start();
  }

  stop(): Promise<void> {
    return this.ticker.stop();
  }

  /** Reports every follow-up overdue now; returns how many this scheduler reported. */
  async runOnce(): Promise<number> {
    const { store, service } = this.options;
    const batch = this.options.batchSize ?? 50;
    let reported = 0;
    for (;;) {
      const now = this.clock();
      const due = await store.claimOverdueFollowUps(now, now + (this.options.leaseMs ?? 60_000), batch);
      for (const id of due) {
        const result = await service.act(id, { kind: 'overdue' });
        if (result.ok && result.raised.includes('followup.overdue')) reported += 1;
      }
      if (due.length < batch) return reported;
    }
  }
}

/**
 * Sends the one reminder of a bot-started survey that got no score (see docs/conversation.md). Due times
 * sit in the store (a sorted set per shard in Redis), written by the turn that started the
 * survey and cancelled by the turn that scored it. Claiming removes them atomically, so with
 * several processes each reminder goes to exactly one, and the dialog sends it only once.
 * Expiry needs no scheduler: a conversation's key expires after the survey's `expiryHours`.
 */
import type { Logger } from 'pino';
import type { Engine } from '../engine/engine.js';
import type { ProactiveChannels } from '../proactive.js';
import type { ConversationStore } from '../store/types.js';
import { Ticker } from './ticker.js';

export interface ReminderSchedulerOptions {
  store: ConversationStore;
  engine: Engine;
  channels: ProactiveChannels;
  logger: Logger;
  clock?: () => number;
  intervalMs?: number;
  batchSize?: number;
}

export class ReminderScheduler {
  private readonly clock: () => number;
  private readonly ticker: Ticker;

  constructor(private readonly options: ReminderSchedulerOptions) {
    this.clock = options.clock ?? Date.now;
    this.ticker = new Ticker(
      options.intervalMs ?? 30_000,
      () => this.runOnce(),
      (error) => options.logger.warn({ err: error }, 'reminders: could not read due reminders'),
    );
  }

  start(): void {
    this.ticker.start();
  }

  stop(): Promise<void> {
    return this.ticker.stop();
  }

  /** Sends every reminder due now; returns how many were sent. */
  async runOnce(): Promise<number> {
    const { store, engine, channels, logger } = this.options;
    let sent = 0;
    for (;;) {
      const due = await store.claimDueReminders(this.clock(), this.options.batchSize ?? 50);
      for (const key of due) {
        const result = await engine.handle({ ...key, event: { kind: 'remind' } });
        if (result.messages.length === 0 || result.status !== 'ok') continue;
        const channel = channels.get(key.channel);
        const delivered = channel ? await channel.deliver(key, result.messages).catch(() => false) : false;
        if (delivered) sent += 1;
        else logger.warn({ channel: key.channel }, 'reminders: could not reach the person');
      }
      if (due.length < (this.options.batchSize ?? 50)) return sent;
    }
  }
}

/**
 * Delivers the outbox: events written by turns (in the same atomic write) are claimed with a
 * lease, handed to every sink that wants them, and removed once all have taken them. A failed
 * delivery comes back after an exponential back-off with jitter; a crashed process's lease
 * runs out and another process takes over. Delivery is at least once; receivers dedupe by id.
 */
import type { Logger } from 'pino';
import type { ConversationStore, PendingEvent } from '../store/types.js';
import { type EventSink, PermanentDeliveryError } from './sink.js';

export interface RetryPolicy {
  /** First retry after about this long. */
  baseMs: number;
  /** Never wait longer than this between attempts. */
  maxMs: number;
}

export interface DispatcherOptions {
  store: ConversationStore;
  logger: Logger;
  clock?: () => number;
  random?: () => number;
  retry?: RetryPolicy;
  /** How often to look for due events that no nudge announced (retries, other processes). */
  pollMs?: number;
  /** How long a claimed event is ours before another process may take it. */
  leaseMs?: number;
  batchSize?: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 1000, maxMs: 10 * 60_000 };

/** Exponential back-off with "equal jitter": half fixed, half random, so retries do not bunch up. */
export function retryDelay(attempts: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export class OutboxDispatcher {
  private readonly sinks: EventSink[] = [];
  private readonly store: ConversationStore;
  private readonly logger: Logger;
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly retry: RetryPolicy;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private again = false;

  constructor(options: DispatcherOptions) {
    this.store = options.store;
    this.logger = options.logger;
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.pollMs = options.pollMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batchSize = options.batchSize ?? 50;
  }

  add(sink: EventSink): void {
    this.sinks.push(sink);
  }

  hasSinks(): boolean {
    return this.sinks.length > 0;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.nudge(), this.pollMs);
    this.timer.unref();
    this.nudge();
  }

  /** Delivers what is due now; called after a turn that raised events, and on every poll. */
  nudge(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drainUntilQuiet().finally(() => {
      this.draining = undefined;
    });
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.draining;
  }

  backlog(): Promise<number> {
    return this.store.outboxBacklog();
  }

  private async drainUntilQuiet(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.drainOnce();
      } catch (error) {
        // The store is away; the next poll tries again.
        this.logger.warn({ err: error }, 'outbox: could not read due events');
        return;
      }
    } while (this.again);
  }

  /** One pass: claims due events and delivers them; returns when none was due. */
  async drainOnce(): Promise<void> {
    for (;;) {
      const now = this.clock();
      const batch = await this.store.claimEvents(now, now + this.leaseMs, this.batchSize);
      if (batch.length === 0) return;
      await Promise.all(batch.map((pending) => this.deliver(pending)));
      if (batch.length < this.batchSize) return;
    }
  }

  private async deliver(pending: PendingEvent): Promise<void> {
    const done = [...pending.done];
    let failed = false;
    for (const sink of this.sinks) {
      if (done.includes(sink.name) || !sink.accepts(pending.event)) continue;
      try {
        await sink.deliver(pending.event);
        done.push(sink.name);
      } catch (error) {
        if (error instanceof PermanentDeliveryError) {
          this.logger.error(
            { err: error, sink: sink.name, event: pending.event.id },
            'outbox: dropped an undeliverable event',
          );
          done.push(sink.name);
        } else {
          failed = true;
          this.logger.warn(
            { err: error, sink: sink.name, event: pending.event.id, attempt: pending.attempts + 1 },
            'outbox: delivery failed, will retry',
          );
        }
      }
    }
    if (!failed) {
      await this.store.settleEvent(pending, { delivered: true });
      return;
    }
    const attempts = pending.attempts + 1;
    const retryAt = this.clock() + retryDelay(attempts, this.retry, this.random);
    await this.store.settleEvent(pending, { delivered: false, retryAt, attempts, done });
  }
}

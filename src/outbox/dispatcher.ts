/**
 * Delivers the outbox: events written by turns (in the same atomic write) are claimed with a
 * lease, handed to every sink that wants them, and removed once all have taken them. A failed
 * delivery comes back after an exponential back-off with jitter, until it is dead-lettered
 * (delivery-policy.ts); a crashed process's lease runs out and another process takes over.
 * Delivery is at least once; receivers dedupe by id.
 *
 * Nothing waits for the slowest: up to `8 × concurrency` events are in flight, each on its own,
 * and a new claim fills the room as soon as some are done. Within an event, the sinks deliver side
 * by side, each in its own lane (sink-lane.ts) of `concurrency` slots, so a slow webhook neither
 * holds back other events nor the Slack post or the agent's reply of the same event. While a
 * sink is failing, an event waits at most 1 s for one of its slots and is otherwise handed back
 * to the store for that sink (not counted as an attempt), which keeps room for the others.
 */
import type { Logger } from 'pino';
import type { ConversationStore, PendingEvent, Settlement } from '../store/types.js';
import {
  DEFAULT_DELIVERY,
  type DeliveryPolicy,
  type RetryPolicy,
  type SinkOutcome,
  settlementOf,
} from './delivery-policy.js';
import { ReceiverHealth } from './receiver-health.js';
import { DeliveryTimeoutError, deliverWithin, type EventSink, PermanentDeliveryError } from './sink.js';
import { SinkLane } from './sink-lane.js';

export { DEFAULT_RETRY, type RetryPolicy, retryDelay } from './delivery-policy.js';

/** What the dispatcher tells the metrics (src/metrics.ts). */
export interface OutboxObserver {
  attempted(sink: string): void;
  failed(sink: string, reason: 'timeout' | 'error' | 'refused'): void;
  deadLettered(sinks: readonly string[]): void;
}

export interface DispatcherOptions {
  store: ConversationStore;
  logger: Logger;
  clock?: () => number;
  random?: () => number;
  /** Timeout, concurrency, retry and dead-letter settings (src/config.ts); the defaults otherwise. */
  policy?: Partial<DeliveryPolicy>;
  /** Retry timing alone, shortened by tests. */
  retry?: RetryPolicy;
  /** How often to look for due events that no nudge announced (retries, other processes). */
  pollMs?: number;
  /** How long a claimed event is ours before another process may take it. */
  leaseMs?: number;
  batchSize?: number;
  observer?: OutboxObserver;
}

/**
 * How long an event waits for a slot of a sink that is failing (timing out) before that sink
 * takes it later instead; a healthy sink that is merely busy is waited for up to one timeout.
 */
const LANE_WAIT_MS = 1000;
/** Events in flight per slot of one sink: room for the other sinks while one is slow. */
const IN_FLIGHT_PER_SLOT = 8;

export class OutboxDispatcher {
  private readonly sinks: EventSink[] = [];
  private readonly lanes = new Map<string, SinkLane>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly store: ConversationStore;
  private readonly logger: Logger;
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly policy: DeliveryPolicy;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly maxInFlight: number;
  private readonly health: ReceiverHealth;
  private readonly observer: OutboxObserver | undefined;
  private timer: NodeJS.Timeout | undefined;
  private claiming: Promise<void> | undefined;
  private again = false;
  private storeAway = false;

  constructor(options: DispatcherOptions) {
    this.store = options.store;
    this.logger = options.logger;
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
    this.policy = { ...DEFAULT_DELIVERY, ...options.policy, ...(options.retry ? { retry: options.retry } : {}) };
    this.pollMs = options.pollMs ?? 1000;
    // A lease outlives the longest round: a wait for a slot (up to one timeout), the attempt, and the settling.
    this.leaseMs = options.leaseMs ?? Math.max(60_000, 3 * this.policy.timeoutMs);
    this.batchSize = options.batchSize ?? 50;
    this.maxInFlight = IN_FLIGHT_PER_SLOT * this.policy.concurrency;
    this.health = new ReceiverHealth(this.logger, this.clock);
    this.observer = options.observer;
  }

  add(sink: EventSink): void {
    this.sinks.push(sink);
    this.lanes.set(sink.name, new SinkLane(this.policy.concurrency));
  }

  /** Does anything outside the bot listen (a webhook, Slack)? The follow-up delivery does not count. */
  hasSinks(): boolean {
    return this.sinks.some((sink) => !sink.internal);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.nudge(), this.pollMs);
    this.timer.unref();
    this.nudge();
  }

  /** Claims what is due now, as far as there is room; called after a turn that raised events, and on every poll. */
  nudge(): void {
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.claiming = this.claimWhileRoom().finally(() => {
      this.claiming = undefined;
    });
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.idle();
  }

  /** Resolves once nothing is being claimed or delivered. */
  async idle(): Promise<void> {
    while (this.claiming || this.inFlight.size > 0) await Promise.all([this.claiming, ...this.inFlight]);
  }

  backlog(): Promise<number> {
    return this.store.outboxBacklog();
  }

  private async claimWhileRoom(): Promise<void> {
    do {
      this.again = false;
      for (;;) {
        const room = this.maxInFlight - this.inFlight.size;
        // Full: each delivery that ends nudges again.
        if (room <= 0) return;
        const want = Math.min(this.batchSize, room);
        const now = this.clock();
        let batch: PendingEvent[];
        try {
          batch = await this.store.claimEvents(now, now + this.leaseMs, want);
        } catch (error) {
          this.storeIsAway(error);
          return;
        }
        this.storeIsBack();
        for (const pending of batch) this.track(this.deliver(pending));
        if (batch.length < want) break;
      }
    } while (this.again);
  }

  private track(delivery: Promise<void>): void {
    this.inFlight.add(delivery);
    void delivery.finally(() => {
      this.inFlight.delete(delivery);
      // Claim again once there is room for a good part of a batch, not after every single event.
      if (this.maxInFlight - this.inFlight.size >= Math.ceil(this.batchSize / 2)) this.nudge();
    });
  }

  private async deliver(pending: PendingEvent): Promise<void> {
    const startedAt = this.clock();
    const owed = this.sinks.filter((sink) => !pending.done.includes(sink.name) && sink.accepts(pending.event));
    const outcomes = await Promise.all(owed.map((sink) => this.attempt(sink, pending)));
    const settlement = settlementOf({ pending, outcomes, startedAt, now: this.clock() }, this.policy, this.random);
    this.report(pending, outcomes, settlement);
    try {
      await this.store.settleEvent(pending, settlement);
    } catch (error) {
      // The lease runs out and the event comes back: delivered sinks may see it again (at least once).
      this.logger.warn({ err: error, event: pending.event.id }, 'outbox: could not record a delivery');
    }
  }

  private async attempt(sink: EventSink, pending: PendingEvent): Promise<SinkOutcome> {
    const lane = this.lanes.get(sink.name);
    const wait = this.health.isFailing(sink.name) ? LANE_WAIT_MS : this.policy.timeoutMs;
    if (lane && !(await lane.enter(wait))) return { sink: sink.name, kind: 'busy' };
    try {
      this.observer?.attempted(sink.name);
      await deliverWithin(sink, pending.event, this.policy.timeoutMs);
      return { sink: sink.name, kind: 'delivered' };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof PermanentDeliveryError) return { sink: sink.name, kind: 'refused', error: message };
      return { sink: sink.name, kind: 'failed', error: message, timedOut: error instanceof DeliveryTimeoutError };
    } finally {
      lane?.leave();
    }
  }

  private report(pending: PendingEvent, outcomes: readonly SinkOutcome[], settlement: Settlement): void {
    const dead = 'deadLetter' in settlement ? settlement.deadLetter : null;
    const event = pending.event.id;
    for (const outcome of outcomes) {
      if (outcome.kind === 'delivered') this.health.delivered(outcome.sink, event);
      if (outcome.kind !== 'failed' && outcome.kind !== 'refused') continue;
      const reason = outcome.kind === 'refused' ? 'refused' : outcome.timedOut ? 'timeout' : 'error';
      this.observer?.failed(outcome.sink, reason);
      this.health.failed(outcome.sink, event, outcome.error, pending.attempts + 1, dead !== null);
    }
    if (!dead) return;
    this.observer?.deadLettered(dead.sinks);
    this.logger.debug({ event, type: pending.event.type, ...dead }, 'outbox: dead-lettered an event');
  }

  private storeIsAway(error: unknown): void {
    if (this.storeAway) return;
    this.storeAway = true;
    this.logger.warn({ err: error }, 'outbox: cannot read due events; trying again on every poll');
  }

  private storeIsBack(): void {
    if (!this.storeAway) return;
    this.storeAway = false;
    this.logger.info('outbox: reading due events again');
  }
}

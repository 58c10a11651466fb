/**
 * The outbox: events a turn raised (webhooks, Slack escalation posts), written in the same
 * step as the turn and handed out to deliverers under a lease, so a crash delays an event
 * but never loses it. An event no sink will take (refused for good, or tried too often or for
 * too long) becomes a dead letter: kept, listed, erasable and put back on request, never retried
 * on its own (docs/closing-the-loop.md, "Webhooks and the outbox").
 */
import type { FollowUpEventType } from '../../followups/types.js';

/** Something to tell the outside world (webhook, Slack escalation post), written in the same step. */
export interface OutgoingEvent {
  id: string;
  type:
    | 'response.scored'
    | 'response.completed'
    | 'escalation.raised'
    | 'reward.pool_exhausted'
    | 'store.wiped'
    | FollowUpEventType;
  at: string;
  data: unknown;
}

/** What failed attempts left behind: kept with the event so the dead letter can tell its story. */
export interface AttemptTrace {
  /** When the first and the latest failed attempt started (ms). */
  firstAttemptAt: number;
  lastAttemptAt: number;
  /** The latest failure, e.g. `webhook: webhook answered 503 for event …`. */
  lastError: string;
}

/** An event waiting in the outbox, with what delivery has achieved so far. */
export interface PendingEvent extends Partial<AttemptTrace> {
  /** Which shard's outbox holds it; opaque to callers. */
  shard: number;
  event: OutgoingEvent;
  attempts: number;
  /** Sinks that have already taken it, so a retry does not deliver to them again. */
  done: string[];
}

/** An event taken out of delivery: why, and what it had been through. */
export interface DeadLetter extends AttemptTrace {
  event: OutgoingEvent;
  attempts: number;
  /** Sinks that took it before it died; a retry skips them. */
  done: string[];
  /** Sinks that never took it. */
  sinks: string[];
  /** When it was dead-lettered (ms). */
  deadAt: number;
}

export type Settlement =
  | { delivered: true }
  | ({ delivered: false; retryAt: number; attempts: number; done: string[] } & Partial<AttemptTrace>)
  | { delivered: false; deadLetter: Omit<DeadLetter, 'event'> };

/** Where a page of dead letters ends: dead letters are listed by the time they died, then by id. */
export interface DeadLetterPosition {
  at: number;
  id: string;
}

export interface DeadLetterPage {
  deadLetters: DeadLetter[];
  next: DeadLetterPosition | null;
}

export interface Outbox {
  /**
   * Takes up to `limit` events whose delivery is due, earliest due first, leasing them until
   * `leaseUntil` so no other process takes them meanwhile; an event whose lease runs out (a
   * crash) comes back.
   */
  claimEvents(now: number, leaseUntil: number, limit: number): Promise<PendingEvent[]>;
  /**
   * Removes a delivered event, puts it back with its next attempt time, or moves it to the dead
   * letters. An event erased while it was being delivered stays erased.
   */
  settleEvent(pending: PendingEvent, settlement: Settlement): Promise<void>;
  /** Adds an event raised outside a turn (a process noticing its store was wiped), due now. */
  raiseEvent(event: OutgoingEvent, now: number): Promise<void>;
  /** How many events wait for delivery. */
  outboxBacklog(): Promise<number>;
  /** When the oldest event still waiting was written (ms), or null when none waits. */
  oldestPendingAt(): Promise<number | null>;
  /** Dead letters, earliest dead first, `limit` at a time after `after`. */
  listDeadLetters(after: DeadLetterPosition | null, limit: number): Promise<DeadLetterPage>;
  deadLetterCount(): Promise<number>;
  /**
   * Puts a dead letter back in the outbox, due at `now`, attempts counted afresh and the sinks
   * that took it still skipped; false when there is no such dead letter.
   */
  retryDeadLetter(id: string, now: number): Promise<boolean>;
}

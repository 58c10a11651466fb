/**
 * The outbox: events a turn raised (webhooks, Slack escalation posts), written in the same
 * step as the turn and handed out to deliverers under a lease, so a crash delays an event
 * but never loses it.
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

/** An event waiting in the outbox, with what delivery has achieved so far. */
export interface PendingEvent {
  /** Which shard's outbox holds it; opaque to callers. */
  shard: number;
  event: OutgoingEvent;
  attempts: number;
  /** Sinks that have already taken it, so a retry does not deliver to them again. */
  done: string[];
}

export type Settlement = { delivered: true } | { delivered: false; retryAt: number; attempts: number; done: string[] };

export interface Outbox {
  /**
   * Takes up to `limit` events whose delivery is due, earliest due first, leasing them until
   * `leaseUntil` so no other process takes them meanwhile; an event whose lease runs out (a
   * crash) comes back.
   */
  claimEvents(now: number, leaseUntil: number, limit: number): Promise<PendingEvent[]>;
  /** Removes a delivered event, or puts it back with its next attempt time. */
  settleEvent(pending: PendingEvent, settlement: Settlement): Promise<void>;
  /** Adds an event raised outside a turn (a process noticing its store was wiped), due now. */
  raiseEvent(event: OutgoingEvent, now: number): Promise<void>;
  /** How many events wait for delivery. */
  outboxBacklog(): Promise<number>;
}

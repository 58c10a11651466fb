/**
 * What happens to an event after one round of delivery, as a pure function of what each sink
 * did: delivered, retried after a back-off, held back for a busy sink, or dead-lettered. The
 * rules (docs/closing-the-loop.md, "Webhooks and the outbox"):
 * - a sink that refuses the event for good (a permanent 4xx) sends it to the dead letters at once;
 * - a failure (5xx, 408, 429, a network error, the timeout) is retried with exponential back-off
 *   and jitter, until `maxAttempts` failed rounds or until the event is `maxAgeMs` old, then it
 *   is dead-lettered;
 * - a sink that had no room for the event (busy with slow deliveries) takes it later; that round
 *   is not a failed attempt.
 */
import type { DeadLetter, PendingEvent, Settlement } from '../store/types.js';

export interface RetryPolicy {
  /** First retry after about this long. */
  baseMs: number;
  /** Never wait longer than this between attempts. */
  maxMs: number;
}

export interface DeliveryPolicy {
  retry: RetryPolicy;
  /** One sink's attempt at one event is abandoned (and failed) after this long. */
  timeoutMs: number;
  /** Deliveries one sink makes at once. */
  concurrency: number;
  /** Failed rounds after which an event is dead-lettered. */
  maxAttempts: number;
  /** Age (since the event was raised) past which a failed event is dead-lettered rather than retried. */
  maxAgeMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 1000, maxMs: 10 * 60_000 };

export const DEFAULT_DELIVERY: DeliveryPolicy = {
  retry: DEFAULT_RETRY,
  timeoutMs: 10_000,
  concurrency: 16,
  maxAttempts: 100,
  maxAgeMs: 24 * 60 * 60_000,
};

/** What one sink made of one event in one round. */
export type SinkOutcome =
  | { sink: string; kind: 'delivered' }
  | { sink: string; kind: 'busy' }
  | { sink: string; kind: 'failed'; error: string; timedOut: boolean }
  | { sink: string; kind: 'refused'; error: string };

/** Exponential back-off with "equal jitter": half fixed, half random, so retries do not bunch up. */
export function retryDelay(attempts: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface Round {
  pending: PendingEvent;
  outcomes: readonly SinkOutcome[];
  /** When the round started. */
  startedAt: number;
  /** When it ended (the settlement's times are measured from here). */
  now: number;
}

export function settlementOf(round: Round, policy: DeliveryPolicy, random: () => number): Settlement {
  const { pending, outcomes, startedAt, now } = round;
  const done = [...pending.done, ...outcomes.filter((o) => o.kind === 'delivered').map((o) => o.sink)];
  const owed = outcomes.filter((o) => o.kind !== 'delivered').map((o) => o.sink);
  if (owed.length === 0) return { delivered: true };
  const failures = outcomes.filter((o) => o.kind === 'failed' || o.kind === 'refused');
  const busyOnly = failures.length === 0;
  if (busyOnly) {
    // A busy sink frees a slot within one timeout: try again then, without counting an attempt.
    return { ...carried(pending), delivered: false, done, retryAt: now + retryDelay(1, halfTimeout(policy), random) };
  }
  const attempts = pending.attempts + 1;
  const trace = {
    firstAttemptAt: pending.firstAttemptAt ?? startedAt,
    lastAttemptAt: startedAt,
    lastError: failures.map((o) => `${o.sink}: ${o.error}`).join('; '),
  };
  const refused = failures.some((o) => o.kind === 'refused');
  const tooOld = now - raisedAt(pending) >= policy.maxAgeMs;
  if (refused || attempts >= policy.maxAttempts || tooOld) {
    const deadLetter: Omit<DeadLetter, 'event'> = { attempts, done, sinks: owed, deadAt: now, ...trace };
    return { delivered: false, deadLetter };
  }
  return { delivered: false, attempts, done, retryAt: now + retryDelay(attempts, policy.retry, random), ...trace };
}

function carried(pending: PendingEvent) {
  const { firstAttemptAt, lastAttemptAt, lastError } = pending;
  return { attempts: pending.attempts, firstAttemptAt, lastAttemptAt, lastError };
}

/** Back-off that waits between one half and one whole timeout. */
function halfTimeout(policy: DeliveryPolicy): RetryPolicy {
  return { baseMs: policy.timeoutMs, maxMs: policy.timeoutMs };
}

/** An event's `at` is when it was raised; an unreadable one never counts as too old. */
function raisedAt(pending: PendingEvent): number {
  const at = Date.parse(pending.event.at);
  return Number.isFinite(at) ? at : Number.POSITIVE_INFINITY;
}

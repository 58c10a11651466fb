/**
 * The follow-ups part of the storage contract (docs/closing-the-loop.md): get by id, list by
 * status soonest due first with a cursor, compare-and-set updates that carry their thread
 * entries and outgoing events in the same atomic step, and the overdue watch. Opening a
 * follow-up and a customer's thread entry are written by the turn itself (`TurnWrite.followUp`).
 */
import type { WatchChange } from '../followups/rules.js';
import type { FollowUpStatus, StoredFollowUp, ThreadEntry } from '../followups/types.js';
import type { OutgoingEvent, RollupDelta } from './types.js';

/** A place in a follow-up listing: due time (epoch ms) then id. */
export interface FollowUpCursor {
  at: number;
  id: string;
}

export interface FollowUpQuery {
  statuses: readonly FollowUpStatus[];
  after: FollowUpCursor | null;
  limit: number;
  /** Only those due at or before this time (epoch ms); absent, all. */
  until?: number;
}

export interface FollowUpPage {
  followUps: StoredFollowUp[];
  next: FollowUpCursor | null;
}

export interface LoadedFollowUp {
  followUp: StoredFollowUp;
  /** Pass back to `updateFollowUp`: the write succeeds only if nothing changed meanwhile. */
  version: number;
  thread: ThreadEntry[];
}

/**
 * The follow-up part of a turn's atomic write. Opening one adds its follow-up counters
 * (`followUpCounterChanges`, src/followups/counters.ts), applied and kept for erasure with the
 * turn's own report counters.
 */
export type FollowUpTurnWrite =
  | { kind: 'open'; followUp: StoredFollowUp; entries: ThreadEntry[]; rollups: RollupDelta[] }
  | { kind: 'append'; id: string; entries: ThreadEntry[] };

/** An agent's action (or the overdue scheduler's), written as one compare-and-set. */
export interface FollowUpUpdate {
  expectedVersion: number;
  previousStatus: FollowUpStatus;
  followUp: StoredFollowUp;
  entries: ThreadEntry[];
  watch: WatchChange;
  events: OutgoingEvent[];
  /**
   * The follow-up counters' changes from the record before to `followUp`, in the day hashes of
   * the follow-up's survey; kept in the counted ledger of its response, so an erasure takes them back.
   */
  rollups: RollupDelta[];
  /** When the events become due (epoch ms). */
  now: number;
}

export interface FollowUps {
  getFollowUp(id: string): Promise<LoadedFollowUp | null>;
  /** Follow-ups of the given statuses, soonest due first (then by id), across every shard. */
  listFollowUps(query: FollowUpQuery): Promise<FollowUpPage>;
  /** Follow-ups opened from `from` to `to` (epoch ms, inclusive), oldest first: for the summary. */
  listFollowUpsOpened(from: number, to: number, after: FollowUpCursor | null, limit: number): Promise<FollowUpPage>;
  updateFollowUp(update: FollowUpUpdate): Promise<'ok' | 'conflict'>;
  /**
   * Leases up to `limit` follow-ups still waiting for a first reply whose due time has passed,
   * until `leaseUntil`; an update with `watch: 'remove'` takes one off the watch for good.
   */
  claimOverdueFollowUps(now: number, leaseUntil: number, limit: number): Promise<string[]>;
  /**
   * When this store began keeping follow-up counters (epoch ms): the first call records `now`.
   * Follow-ups opened on that day or before may have none, so the summary counts those days from
   * their records (src/followups/summary.ts).
   */
  followUpCountersSince(now: number): Promise<number>;
  /** How many follow-ups have each status, and how many wait past due for a first reply: for /metrics. */
  countFollowUps(now: number): Promise<Record<FollowUpStatus | 'waitingPastDue', number>>;
  /**
   * Records the chat post that is a follow-up's thread where agents work (the Slack escalation
   * post), unless one is recorded already; returns the post that stays, so a retried delivery
   * finds the first one instead of posting again.
   */
  linkFollowUpPost(id: string, post: FollowUpPost): Promise<FollowUpPost>;
  followUpPost(id: string): Promise<FollowUpPost | null>;
  /** The follow-up whose thread a post is, from the post's place. */
  followUpOfPost(post: FollowUpPost): Promise<string | null>;
}

/** Where a follow-up's post lives: the chat channel and the message's own id (Slack's `ts`). */
export interface FollowUpPost {
  channel: string;
  ts: string;
}

/** Sorts by due time then id, the listing order every back-end agrees on. */
export function compareCursors(a: FollowUpCursor, b: FollowUpCursor): number {
  if (a.at !== b.at) return a.at - b.at;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export const dueCursor = (followUp: StoredFollowUp): FollowUpCursor => ({
  at: Date.parse(followUp.dueAt),
  id: followUp.id,
});
export const openedCursor = (followUp: StoredFollowUp): FollowUpCursor => ({
  at: Date.parse(followUp.openedAt),
  id: followUp.id,
});

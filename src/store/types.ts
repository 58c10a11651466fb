/**
 * The one storage contract the engine needs, with two back-ends: memory (the default) and
 * Redis (single server or Cluster). A turn reads once (`load`) and writes once (`commit`);
 * the write is a compare-and-set on the conversation's version and carries everything the
 * turn changed — state, response, rollups, person, outgoing events — so they change together.
 */

import type { ConversationRecord, Person, PersonRecord, SurveyResponse, TranscriptEntry } from '../engine/types.js';
import type { ScheduleStore } from './schedule-store.js';

export interface ConversationKey extends Person {
  conversation: string;
}

export interface Loaded {
  /** null when there is no conversation, or its stored state could not be read (an old version). */
  record: ConversationRecord | null;
  /** The version to pass back to `commit`; 0 when nothing is stored. */
  version: number;
  person: PersonRecord;
}

/** One change to a report counter: `field` in the day bucket `day` (YYYY-MM-DD) of a survey. */
export interface RollupDelta {
  surveyId: string;
  day: string;
  field: string;
  by: number;
}

/** Something to tell the outside world (webhook, Slack escalation post), written in the same step. */
export interface OutgoingEvent {
  id: string;
  type: 'response.scored' | 'response.completed' | 'escalation.raised' | 'reward.pool_exhausted';
  at: string;
  data: unknown;
}

export interface TurnWrite {
  key: ConversationKey;
  expectedVersion: number;
  record: ConversationRecord;
  /** Lines this turn adds to the conversation's transcript (kept as long as the conversation). */
  transcript: TranscriptEntry[];
  /** How long the conversation is kept after this turn. */
  ttlSeconds: number;
  response: SurveyResponse | null;
  rollups: RollupDelta[];
  person: PersonRecord | null;
  events: OutgoingEvent[];
  /** When the events become due for delivery, and the clock of this turn (epoch ms). */
  now: number;
  /** When to remind this conversation (epoch ms), `null` to cancel a reminder, `undefined` to leave it as it is. */
  reminderAt?: number | null;
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

/** What an erasure removed, for the operator's audit log. */
export interface ErasureReport {
  conversations: number;
  responses: number;
  events: number;
}

/** A place in the response log: a response's start time (epoch ms) and its id, which breaks ties. */
export interface LogPosition {
  at: number;
  id: string;
}

export interface ResponseLogQuery {
  /** Start times from and to (epoch ms, both inclusive). */
  from: number;
  to: number;
  /** Continue after this position (exclusive), in the same order. */
  after?: LogPosition | null;
  limit: number;
  /** 'desc' = newest first. */
  order: 'asc' | 'desc';
}

export interface ResponsePage {
  responses: SurveyResponse[];
  /** Where the next page starts; null when the log has nothing more in the range. */
  next: LogPosition | null;
}

export type CommitResult = { ok: true; version: number } | { ok: false; reason: 'conflict' };

export interface RewardClaim {
  code: string | null;
  /** True when the pool had no code left for this person. */
  exhausted: boolean;
}

/** The scheduler's part (`ScheduleStore`) lives in its own file, src/store/schedule-store.ts. */
export interface ConversationStore extends ScheduleStore {
  /** Which back-end this is, for the start-up log line. */
  readonly description: string;
  load(key: ConversationKey): Promise<Loaded>;
  commit(write: TurnWrite): Promise<CommitResult>;
  /** Transcript entries `from` to `to` inclusive (0-based; -1 = the last), oldest first. */
  readTranscript(key: ConversationKey, from?: number, to?: number): Promise<TranscriptEntry[]>;
  /** Reads a person's record without a conversation, e.g. before a proactive send. */
  person(person: Person): Promise<PersonRecord>;
  /** Gives this person one code of the survey's pool, the same one if asked again. */
  claimReward(surveyId: string, person: Person): Promise<RewardClaim>;
  /** Adds codes to a survey's pool; codes already in the pool or given out are not added again. */
  addRewardCodes(surveyId: string, codes: readonly string[]): Promise<number>;
  /** A channel's way back to a person, for proactive messages (a Teams conversation reference). */
  putReference(person: Person, reference: unknown): Promise<void>;
  getReference(person: Person): Promise<unknown | null>;
  getResponse(id: string, person: Person): Promise<SurveyResponse | null>;
  /** Adds up report counters of one survey over days; fields are summed across shards. */
  readRollups(surveyId: string, days: readonly string[]): Promise<Map<string, Map<string, number>>>;
  /** A page of the response log of one survey, ordered by start time then id, across every shard. */
  listResponses(surveyId: string, query: ResponseLogQuery): Promise<ResponsePage>;
  /**
   * Takes up to `limit` events whose delivery is due, leasing them until `leaseUntil` so no
   * other process takes them meanwhile; an event whose lease runs out (a crash) comes back.
   */
  claimEvents(now: number, leaseUntil: number, limit: number): Promise<PendingEvent[]>;
  /** Removes a delivered event, or puts it back with its next attempt time. */
  settleEvent(pending: PendingEvent, settlement: Settlement): Promise<void>;
  /** How many events wait for delivery. */
  outboxBacklog(): Promise<number>;
  /** Takes the conversations whose reminder is due; each is handed to one caller only, once. */
  claimDueReminders(now: number, limit: number): Promise<ConversationKey[]>;
  /** Erases everything held about a person; `segments` are the survey's segment keys, to adjust the rollups. */
  erase(person: Person, segments: readonly string[]): Promise<ErasureReport>;
  /** Is the store reachable? For /readyz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

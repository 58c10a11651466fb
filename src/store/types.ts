/**
 * The one storage contract the engine needs, with two back-ends: memory (the default) and
 * Redis (single server or Cluster). A turn reads once (`load`) and writes once (`commit`);
 * the write is a compare-and-set on the conversation's version and carries everything the
 * turn changed — state, response, rollups, person, outgoing events — so they change together.
 */
import type { ConversationRecord, Person, PersonRecord, SurveyResponse } from '../engine/types.js';

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
  /** How long the conversation is kept after this turn. */
  ttlSeconds: number;
  response: SurveyResponse | null;
  rollups: RollupDelta[];
  person: PersonRecord | null;
  events: OutgoingEvent[];
}

export type CommitResult = { ok: true; version: number } | { ok: false; reason: 'conflict' };

export interface RewardClaim {
  code: string | null;
  /** True when the pool had no code left for this person. */
  exhausted: boolean;
}

export interface ConversationStore {
  /** Which back-end this is, for the start-up log line. */
  readonly description: string;
  load(key: ConversationKey): Promise<Loaded>;
  commit(write: TurnWrite): Promise<CommitResult>;
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
  /** Is the store reachable? For /readyz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

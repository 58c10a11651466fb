/**
 * Conversations: a turn reads once (`load`) and writes once (`commit`). The write is a
 * compare-and-set on the conversation's version and carries everything the turn changed —
 * state, transcript lines, response, rollups, person, outgoing events, reminder — so they
 * change together or not at all.
 */
import type { ConversationRecord, Person, PersonRecord, SurveyResponse, TranscriptEntry } from '../../engine/types.js';
import type { FollowUpTurnWrite } from '../follow-ups.js';
import type { OutgoingEvent } from './outbox.js';
import type { RollupDelta } from './responses.js';

export interface ConversationKey extends Person {
  conversation: string;
}

export interface Loaded {
  /** null when there is no conversation, or its stored state could not be read (an old version). */
  record: ConversationRecord | null;
  /** The version to pass back to `commit`; 0 when nothing is stored (never written, or expired). */
  version: number;
  person: PersonRecord;
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
  /** A follow-up this turn opens, or thread entries it adds to one (docs/closing-the-loop.md). */
  followUp?: FollowUpTurnWrite;
}

export type CommitResult = { ok: true; version: number } | { ok: false; reason: 'conflict' };

export interface ConversationLog {
  load(key: ConversationKey): Promise<Loaded>;
  commit(write: TurnWrite): Promise<CommitResult>;
  /** Transcript entries `from` to `to` inclusive (0-based; negative counts from the end, -1 = the last), oldest first. */
  readTranscript(key: ConversationKey, from?: number, to?: number): Promise<TranscriptEntry[]>;
}

/**
 * One turn's write as one named payload, built once from a `TurnWrite` and applied by both
 * back-ends: the Redis script decodes it with cjson, the memory store reads the same object.
 * Adding a part to a turn's write means one field here and one step in each back-end's apply.
 *
 * Stored documents (record, response, person, events, transcript lines) travel as the JSON
 * strings they are stored as, so Lua never re-encodes them (cjson would turn `[]` into `{}`
 * and round long numbers). Numbers here are integers below 2^53 that Lua passes to Redis
 * exactly (epoch milliseconds, versions, counts).
 */

import { isAnonymousSession } from '../engine/types.js';
import { newPending, reminderMember } from './pending.js';
import type { TurnWrite } from './types.js';

/** A day bucket of one survey's counters; rollup changes point into the payload's list of them. */
export interface RollupBucket {
  surveyId: string;
  day: string;
}

export interface TurnPayload {
  expectedVersion: number;
  /** How long the conversation and its transcript are kept after this turn (ms). */
  ttlMs: number;
  /** The turn's clock (epoch ms): when its events become due. */
  now: number;
  /** The conversation record (JSON). */
  record: string;
  /** The conversation as the reminder schedule and the person's index know it. */
  member: string;
  response?: { id: string; startedAt: number; json: string };
  /** The person record (JSON), when the turn changed it. */
  person?: string;
  /**
   * An anonymous web chat session (`anon:<sessionId>`): nobody can come back as this person,
   * so their record and index expire with the conversation instead of being kept for good.
   */
  ephemeralPerson?: true;
  /** Remind at this time (epoch ms); absent together with `cancelReminder` leaves the reminder as it is. */
  remindAt?: number;
  cancelReminder?: true;
  events: { id: string; json: string }[];
  /** Transcript lines to append (JSON each). */
  transcript: string[];
  buckets: RollupBucket[];
  /**
   * Counter changes; `bucket` indexes `buckets`. Each is also kept with the conversation's
   * response under `counted` (its bucket and field), so an erasure takes back exactly what
   * was added, whatever the counting rules are by then.
   */
  rollups: { bucket: number; field: string; by: number; counted: string }[];
}

/**
 * The name a counter change is kept under with its response: `<day>|<field>`. The survey is
 * the response's (or its conversation's), known wherever the ledger is read, so it is not
 * repeated in every name: short names keep a ledger a Redis listpack (each name under
 * hash-max-listpack-value, 64 bytes) instead of a hash table, half its memory
 * (docs/performance.md). Ledgers written before name each change `["<survey>","<day>","<field>"]`;
 * `parseCountedField` reads both.
 */
export function countedField(day: string, field: string): string {
  return `${day}|${field}`;
}

export function encodeTurn(write: TurnWrite): TurnPayload {
  const buckets: RollupBucket[] = [];
  const bucketIndex = new Map<string, number>();
  // Opening a follow-up counts it in the same write, like any other counter of the turn.
  const changes = write.followUp?.kind === 'open' ? [...write.rollups, ...write.followUp.rollups] : write.rollups;
  const rollups = changes.map(({ surveyId, day, field, by }) => {
    const id = `${surveyId}\n${day}`;
    let bucket = bucketIndex.get(id);
    if (bucket === undefined) {
      bucket = buckets.push({ surveyId, day }) - 1;
      bucketIndex.set(id, bucket);
    }
    return { bucket, field, by, counted: countedField(day, field) };
  });
  const { record, response } = write;
  return {
    expectedVersion: write.expectedVersion,
    ttlMs: Math.round(write.ttlSeconds * 1000),
    now: write.now,
    record: JSON.stringify(record),
    member: reminderMember(write.key),
    ...(response
      ? { response: { id: response.id, startedAt: record.dialog.startedAt, json: JSON.stringify(response) } }
      : {}),
    ...(write.person ? { person: JSON.stringify(write.person) } : {}),
    ...(isAnonymousSession(write.key) ? { ephemeralPerson: true as const } : {}),
    ...(typeof write.reminderAt === 'number' ? { remindAt: write.reminderAt } : {}),
    ...(write.reminderAt === null ? { cancelReminder: true as const } : {}),
    events: write.events.map((event) => ({ id: event.id, json: JSON.stringify(newPending(event)) })),
    transcript: write.transcript.map((entry) => JSON.stringify(entry)),
    buckets,
    rollups,
  };
}

/** The keys a turn's write touches in Redis, by name: the script's `KEYS` in this order, then one per bucket. */
export const TURN_KEYS = [
  'conversation',
  'person',
  'response',
  'responseLog',
  'outbox',
  'outboxDue',
  'personIndex',
  'reminders',
  'transcript',
  'counted',
] as const;
export type TurnKey = (typeof TURN_KEYS)[number];

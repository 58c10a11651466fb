/**
 * The embedded store used when REDIS_URL is unset: the same contract as Redis, in one
 * process. Every value goes through JSON on the way in and out, so a test on this store
 * catches anything that would not survive Redis (Dates, Maps, undefined, shared objects).
 */
import type { ConversationRecord, Person, PersonRecord, SurveyResponse } from '../engine/types.js';
import type {
  CommitResult,
  ConversationKey,
  ConversationStore,
  Loaded,
  OutgoingEvent,
  RewardClaim,
  TurnWrite,
} from './types.js';

const NOBODY: PersonRecord = { optedOut: false, lastSurveyedAt: null };
const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const personId = (person: Person) => `${person.channel}:${person.user}`;
const conversationId = (key: ConversationKey) => `${key.channel}:${key.conversation}`;

interface RewardPool {
  available: string[];
  known: Set<string>;
  claimed: Map<string, string>;
}

export class MemoryStore implements ConversationStore {
  readonly description = 'in-memory store (embedded; nothing survives a restart)';
  private readonly conversations = new Map<string, { version: number; json: string; expiresAt: number }>();
  private readonly people = new Map<string, string>();
  private readonly responses = new Map<string, string>();
  private readonly rollups = new Map<string, Map<string, number>>();
  private readonly references = new Map<string, string>();
  private readonly pools = new Map<string, RewardPool>();
  /** Events written by turns, oldest first; the outbox drains this. */
  readonly outbox: OutgoingEvent[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  async load(key: ConversationKey): Promise<Loaded> {
    const stored = this.conversations.get(conversationId(key));
    const live = stored && stored.expiresAt > this.now() ? stored : undefined;
    const person = await this.person(key);
    if (!live) return { record: null, version: stored?.version ?? 0, person };
    return { record: parseRecord(live.json), version: live.version, person };
  }

  async commit(write: TurnWrite): Promise<CommitResult> {
    const id = conversationId(write.key);
    const current = this.conversations.get(id)?.version ?? 0;
    if (current !== write.expectedVersion) return { ok: false, reason: 'conflict' };
    const version = current + 1;
    this.conversations.set(id, {
      version,
      json: JSON.stringify(write.record),
      expiresAt: this.now() + write.ttlSeconds * 1000,
    });
    if (write.response) this.responses.set(write.response.id, JSON.stringify(write.response));
    for (const delta of write.rollups) {
      const bucketKey = `${delta.surveyId}\n${delta.day}`;
      const bucket = this.rollups.get(bucketKey) ?? new Map<string, number>();
      const count = (bucket.get(delta.field) ?? 0) + delta.by;
      // Like the Redis store, a counter back at zero is removed rather than kept.
      if (count === 0) bucket.delete(delta.field);
      else bucket.set(delta.field, count);
      this.rollups.set(bucketKey, bucket);
    }
    if (write.person) this.people.set(personId(write.key), JSON.stringify(write.person));
    this.outbox.push(...roundTrip(write.events));
    return { ok: true, version };
  }

  async person(person: Person): Promise<PersonRecord> {
    const json = this.people.get(personId(person));
    return json ? (JSON.parse(json) as PersonRecord) : { ...NOBODY };
  }

  async claimReward(surveyId: string, person: Person): Promise<RewardClaim> {
    const pool = this.pool(surveyId);
    const already = pool.claimed.get(personId(person));
    if (already) return { code: already, exhausted: false };
    const code = pool.available.shift();
    if (code === undefined) return { code: null, exhausted: true };
    pool.claimed.set(personId(person), code);
    return { code, exhausted: false };
  }

  async addRewardCodes(surveyId: string, codes: readonly string[]): Promise<number> {
    const pool = this.pool(surveyId);
    let added = 0;
    for (const code of codes) {
      if (pool.known.has(code)) continue;
      pool.known.add(code);
      pool.available.push(code);
      added += 1;
    }
    return added;
  }

  private pool(surveyId: string): RewardPool {
    let pool = this.pools.get(surveyId);
    if (!pool) {
      pool = { available: [], known: new Set(), claimed: new Map() };
      this.pools.set(surveyId, pool);
    }
    return pool;
  }

  async putReference(person: Person, reference: unknown): Promise<void> {
    this.references.set(personId(person), JSON.stringify(reference));
  }

  async getReference(person: Person): Promise<unknown | null> {
    const json = this.references.get(personId(person));
    return json === undefined ? null : (JSON.parse(json) as unknown);
  }

  async getResponse(id: string, _person?: Person): Promise<SurveyResponse | null> {
    const json = this.responses.get(id);
    return json === undefined ? null : (JSON.parse(json) as SurveyResponse);
  }

  async readRollups(surveyId: string, days: readonly string[]): Promise<Map<string, Map<string, number>>> {
    const result = new Map<string, Map<string, number>>();
    for (const day of days) {
      const bucket = this.rollups.get(`${surveyId}\n${day}`);
      if (bucket) result.set(day, new Map(bucket));
    }
    return result;
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}

/** Parses a stored conversation; anything of another shape is treated as absent, not crashed on. */
export function parseRecord(json: string): ConversationRecord | null {
  try {
    const value = JSON.parse(json) as Partial<ConversationRecord> | null;
    if (value?.schema !== 1 || value.dialog?.schema !== 1) return null;
    return value as ConversationRecord;
  } catch {
    return null;
  }
}

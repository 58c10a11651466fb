/**
 * The embedded store used when REDIS_URL is unset: the same contract as Redis, in one
 * process. Every value goes through JSON on the way in and out, so a test on this store
 * catches anything that would not survive Redis (Dates, Maps, undefined, shared objects).
 */

import { rollupChanges } from '../engine/response.js';
import type { ConversationRecord, Person, PersonRecord, SurveyResponse, TranscriptEntry } from '../engine/types.js';
import { MemoryScheduleStore } from './memory-schedules.js';
import { aboutPerson, newPending, reminderMember } from './pending.js';
import { compareLogPositions, isPast, pageOf } from './response-log.js';
import type { ScheduleStore } from './schedule-store.js';
import type {
  CommitResult,
  ConversationKey,
  ConversationStore,
  ErasureReport,
  Loaded,
  OutgoingEvent,
  PendingEvent,
  ResponseLogQuery,
  ResponsePage,
  RewardClaim,
  RollupDelta,
  Settlement,
  TurnWrite,
} from './types.js';

const NOBODY: PersonRecord = { optedOut: false, lastSurveyedAt: null };
const personId = (person: Person) => `${person.channel}:${person.user}`;
const conversationId = (key: ConversationKey) => `${key.channel}:${key.conversation}`;

interface RewardPool {
  available: string[];
  known: Set<string>;
  claimed: Map<string, string>;
}

export class MemoryStore implements ConversationStore {
  readonly description = 'in-memory store (embedded; nothing survives a restart)';
  private readonly conversations = new Map<
    string,
    { version: number; json: string; expiresAt: number; transcript: string[] }
  >();
  private readonly people = new Map<string, string>();
  private readonly responses = new Map<string, string>();
  private readonly rollups = new Map<string, Map<string, number>>();
  private readonly references = new Map<string, string>();
  private readonly pools = new Map<string, RewardPool>();
  /** Event id → pending event JSON and when it is next due. */
  private readonly outbox = new Map<string, { json: string; due: number }>();
  /** Conversation (as `reminderMember`) → when to remind it. */
  private readonly reminders = new Map<string, number>();

  private readonly waves: ScheduleStore = new MemoryScheduleStore();

  constructor(private readonly now: () => number = Date.now) {}

  // The scheduler's records (src/store/schedule-store.ts), kept by their own class.
  leaseWave(...args: Parameters<ScheduleStore['leaseWave']>) {
    return this.waves.leaseWave(...args);
  }
  recordWave(...args: Parameters<ScheduleStore['recordWave']>) {
    return this.waves.recordWave(...args);
  }
  claimWaveMember(...args: Parameters<ScheduleStore['claimWaveMember']>) {
    return this.waves.claimWaveMember(...args);
  }
  settleWaveMember(...args: Parameters<ScheduleStore['settleWaveMember']>) {
    return this.waves.settleWaveMember(...args);
  }
  readWave(...args: Parameters<ScheduleStore['readWave']>) {
    return this.waves.readWave(...args);
  }
  restoreWave(...args: Parameters<ScheduleStore['restoreWave']>) {
    return this.waves.restoreWave(...args);
  }

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
    const stored = this.conversations.get(id);
    const live = stored && stored.expiresAt > this.now();
    this.conversations.set(id, {
      version,
      json: JSON.stringify(write.record),
      expiresAt: this.now() + write.ttlSeconds * 1000,
      transcript: [...(live ? stored.transcript : []), ...write.transcript.map((entry) => JSON.stringify(entry))],
    });
    if (write.response) this.responses.set(write.response.id, JSON.stringify(write.response));
    this.applyRollups(write.rollups);
    if (write.person) this.people.set(personId(write.key), JSON.stringify(write.person));
    for (const event of write.events)
      this.outbox.set(event.id, { json: JSON.stringify(newPending(event)), due: write.now });
    const member = reminderMember(write.key);
    if (write.reminderAt === null) this.reminders.delete(member);
    else if (write.reminderAt !== undefined) this.reminders.set(member, write.reminderAt);
    return { ok: true, version };
  }

  async readTranscript(key: ConversationKey, from = 0, to = -1): Promise<TranscriptEntry[]> {
    const stored = this.conversations.get(conversationId(key));
    if (!stored || stored.expiresAt <= this.now()) return [];
    const end = to < 0 ? stored.transcript.length + to + 1 : to + 1;
    return stored.transcript.slice(from, end).map((json) => JSON.parse(json) as TranscriptEntry);
  }

  private applyRollups(deltas: readonly RollupDelta[]): void {
    for (const delta of deltas) {
      const bucketKey = `${delta.surveyId}\n${delta.day}`;
      const bucket = this.rollups.get(bucketKey) ?? new Map<string, number>();
      const count = (bucket.get(delta.field) ?? 0) + delta.by;
      if (count === 0) bucket.delete(delta.field);
      else bucket.set(delta.field, count);
      this.rollups.set(bucketKey, bucket);
    }
  }

  /** The events waiting for delivery, oldest first: for looking into a running embedded bot. */
  pendingEvents(): OutgoingEvent[] {
    return [...this.outbox.values()].map(({ json }) => (JSON.parse(json) as PendingEvent).event);
  }

  async claimEvents(now: number, leaseUntil: number, limit: number): Promise<PendingEvent[]> {
    const claimed: PendingEvent[] = [];
    for (const [id, entry] of [...this.outbox.entries()].sort((a, b) => a[1].due - b[1].due)) {
      if (claimed.length >= limit || entry.due > now) break;
      this.outbox.set(id, { ...entry, due: leaseUntil });
      claimed.push({ ...(JSON.parse(entry.json) as Omit<PendingEvent, 'shard'>), shard: 0 });
    }
    return claimed;
  }

  async settleEvent(pending: PendingEvent, settlement: Settlement): Promise<void> {
    const id = pending.event.id;
    if (settlement.delivered) {
      this.outbox.delete(id);
      return;
    }
    const json = JSON.stringify({ event: pending.event, attempts: settlement.attempts, done: settlement.done });
    this.outbox.set(id, { json, due: settlement.retryAt });
  }

  async outboxBacklog(): Promise<number> {
    return this.outbox.size;
  }

  async claimDueReminders(now: number, limit: number): Promise<ConversationKey[]> {
    const due: ConversationKey[] = [];
    for (const [member, at] of this.reminders) {
      if (due.length >= limit) break;
      if (at > now) continue;
      this.reminders.delete(member);
      due.push(JSON.parse(member) as ConversationKey);
    }
    return due;
  }

  async erase(person: Person, segments: readonly string[]): Promise<ErasureReport> {
    const report: ErasureReport = { conversations: 0, responses: 0, events: 0 };
    for (const [id, stored] of this.conversations) {
      const record = parseRecord(stored.json);
      if (record?.person.channel !== person.channel || record.person.user !== person.user) continue;
      this.conversations.delete(id);
      this.reminders.delete(reminderMember({ ...person, conversation: record.conversation }));
      report.conversations += 1;
    }
    for (const [id, json] of this.responses) {
      const response = JSON.parse(json) as SurveyResponse;
      if (response.channel !== person.channel || response.user !== person.user) continue;
      this.applyRollups(rollupChanges(response, null, segments));
      this.responses.delete(id);
      this.pool(response.surveyId).claimed.delete(personId(person));
      report.responses += 1;
    }
    for (const [id, entry] of this.outbox) {
      if (!aboutPerson(JSON.parse(entry.json) as PendingEvent, person)) continue;
      this.outbox.delete(id);
      report.events += 1;
    }
    this.people.delete(personId(person));
    this.references.delete(personId(person));
    return report;
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

  async listResponses(surveyId: string, query: ResponseLogQuery): Promise<ResponsePage> {
    const direction = query.order === 'asc' ? 1 : -1;
    const matching = [...this.responses.values()]
      .map((json) => JSON.parse(json) as SurveyResponse)
      .map((response) => ({ response, at: Date.parse(response.startedAt), id: response.id }))
      .filter(({ response, at }) => response.surveyId === surveyId && at >= query.from && at <= query.to)
      .filter((position) => isPast(position, query.after, query.order))
      .sort((a, b) => direction * compareLogPositions(a, b));
    const { page, next } = pageOf(matching, query.limit);
    return { responses: page.map(({ response }) => response), next: next ? { at: next.at, id: next.id } : null };
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

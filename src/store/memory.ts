/**
 * The embedded store used when REDIS_URL is unset: the same contract as Redis, in one
 * process. Every value goes through JSON on the way in and out, so a test on this store
 * catches anything that would not survive Redis (Dates, Maps, undefined, shared objects).
 * What expires is evicted as Redis would: on access, and by a sweep on a timer, so a
 * long-running embedded bot holds only live conversations.
 */

import {
  type ConversationRecord,
  type Person,
  type PersonRecord,
  type SurveyResponse,
  type TranscriptEntry,
  unknownPerson,
} from '../engine/types.js';
import { MemoryFollowUps } from './memory-follow-ups.js';
import { earliestFirst, MemoryOutbox } from './memory-outbox.js';
import { MemoryRewards } from './memory-rewards.js';
import { MemoryScheduleStore } from './memory-schedules.js';
import { newPending, reminderMember } from './pending.js';
import { compareLogPositions, isPast, pageOf } from './response-log.js';
import type { ScheduleStore } from './schedule-store.js';
import {
  conversationRecordSchema,
  parseCountedField,
  parseStored,
  personRecordSchema,
  referenceSchema,
  reminderMemberSchema,
  storeIdentitySchema,
  surveyResponseSchema,
  transcriptEntrySchema,
} from './schemas.js';
import { countedField, encodeTurn, type TurnPayload } from './turn-payload.js';
import type {
  CommitResult,
  ConversationKey,
  ConversationStore,
  DeadLetterPage,
  DeadLetterPosition,
  ErasureReport,
  Loaded,
  OutgoingEvent,
  PendingEvent,
  ResponseLogQuery,
  ResponsePage,
  RollupDelta,
  Settlement,
  StoreIdentity,
  TurnWrite,
} from './types.js';

export interface MemoryStoreOptions {
  /** How often expired conversations are swept out (they are also dropped when next read). */
  sweepEveryMs?: number;
}

const SWEEP_EVERY_MS = 60_000;
const personId = (person: Person) => `${person.channel}:${person.user}`;
const conversationId = (key: ConversationKey) => `${key.channel}:${key.conversation}`;

export class MemoryStore implements ConversationStore {
  readonly description = 'in-memory store (embedded; nothing survives a restart)';
  private readonly conversations = new Map<
    string,
    {
      version: number;
      json: string;
      expiresAt: number;
      transcript: string[];
      /** Engine message id → the channel's id for it (`rememberPosted`). */
      posted: Record<string, string>;
    }
  >();
  private readonly people = new Map<string, string>();
  /** When the records of anonymous sessions' people expire (others are kept for good). */
  private readonly peopleExpiry = new Map<string, number>();
  private readonly responses = new Map<string, string>();
  private readonly rollups = new Map<string, Map<string, number>>();
  private readonly references = new Map<string, string>();
  private readonly rewards = new MemoryRewards();
  private identity: string | null = null;
  /** Pending events and dead letters. */
  private readonly outbox = new MemoryOutbox();
  /** Response id → what its conversation added to the counters (`countedField` → count), for erasure. */
  private readonly counted = new Map<string, { counts: Map<string, number>; expiresAt: number | null }>();
  /** Conversation (as `reminderMember`) → when to remind it. */
  private readonly reminders = new Map<string, number>();

  private readonly waves: ScheduleStore = new MemoryScheduleStore();

  private readonly sweeper: ReturnType<typeof setInterval>;

  constructor(
    private readonly now: () => number = Date.now,
    options: MemoryStoreOptions = {},
  ) {
    this.sweeper = setInterval(() => this.evictExpired(), options.sweepEveryMs ?? SWEEP_EVERY_MS);
    // The sweep is housekeeping: it must not keep a process alive that has nothing else to do.
    this.sweeper.unref();
  }

  /** Drops every expired conversation (and its transcript). */
  evictExpired(): void {
    const now = this.now();
    for (const [id, stored] of this.conversations) if (stored.expiresAt <= now) this.conversations.delete(id);
    for (const [id, at] of this.peopleExpiry) if (at <= now) this.forgetPerson(id);
    for (const [id, ledger] of this.counted)
      if (ledger.expiresAt !== null && ledger.expiresAt <= now) this.counted.delete(id);
  }

  private forgetPerson(id: string): void {
    this.people.delete(id);
    this.peopleExpiry.delete(id);
  }

  /** How many entries the store holds, counted as Redis would count keys: for looking into a running bot. */
  heldKeys(): { conversations: number; total: number } {
    const total =
      this.conversations.size * 2 +
      this.people.size +
      this.responses.size +
      this.rollups.size +
      this.references.size +
      this.rewards.size +
      this.outbox.size +
      this.reminders.size +
      this.counted.size;
    return { conversations: this.conversations.size, total };
  }

  /** The conversation if it is still live; an expired one is dropped on the way. */
  private live(id: string) {
    const stored = this.conversations.get(id);
    if (stored && stored.expiresAt <= this.now()) this.conversations.delete(id);
    return stored && stored.expiresAt > this.now() ? stored : undefined;
  }

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

  private readonly followUps = new MemoryFollowUps(
    (events, now) => this.addEvents(events, now),
    (rollups, responseId) => this.countFollowUp(rollups, responseId),
  );

  /** A follow-up's counter changes, kept with its response's (as the Redis script's HINCRBYs). */
  private countFollowUp(rollups: readonly RollupDelta[], responseId: string): void {
    this.applyRollups(rollups);
    const stored = this.counted.get(responseId);
    const live = stored && (stored.expiresAt === null || stored.expiresAt > this.now());
    const ledger = live ? stored : { counts: new Map<string, number>(), expiresAt: null };
    for (const { day, field, by } of rollups) {
      const name = countedField(day, field);
      const count = (ledger.counts.get(name) ?? 0) + by;
      if (count === 0) ledger.counts.delete(name);
      else ledger.counts.set(name, count);
    }
    if (ledger.counts.size > 0) this.counted.set(responseId, ledger);
    else this.counted.delete(responseId);
  }

  private addEvents(events: readonly OutgoingEvent[], now: number): void {
    for (const event of events) this.outbox.add(event.id, JSON.stringify(newPending(event)), now);
  }

  readonly getFollowUp: MemoryFollowUps['getFollowUp'] = (id) => this.followUps.getFollowUp(id);
  readonly listFollowUps: MemoryFollowUps['listFollowUps'] = (query) => this.followUps.listFollowUps(query);
  readonly listFollowUpsOpened: MemoryFollowUps['listFollowUpsOpened'] = (...args) =>
    this.followUps.listFollowUpsOpened(...args);
  readonly updateFollowUp: MemoryFollowUps['updateFollowUp'] = (update) => this.followUps.updateFollowUp(update);
  readonly claimOverdueFollowUps: MemoryFollowUps['claimOverdueFollowUps'] = (...args) =>
    this.followUps.claimOverdueFollowUps(...args);
  readonly followUpCountersSince: MemoryFollowUps['followUpCountersSince'] = (now) =>
    this.followUps.followUpCountersSince(now);
  readonly countFollowUps: MemoryFollowUps['countFollowUps'] = (now) => this.followUps.countFollowUps(now);
  readonly linkFollowUpPost: MemoryFollowUps['linkFollowUpPost'] = (id, post) =>
    this.followUps.linkFollowUpPost(id, post);
  readonly followUpPost: MemoryFollowUps['followUpPost'] = (id) => this.followUps.followUpPost(id);
  readonly followUpOfPost: MemoryFollowUps['followUpOfPost'] = (post) => this.followUps.followUpOfPost(post);

  async load(key: ConversationKey): Promise<Loaded> {
    const live = this.live(conversationId(key));
    const person = await this.person(key);
    // An expired conversation is gone, version and all, as a Redis key is once it expires.
    if (!live) return { record: null, version: 0, person };
    return { record: parseRecord(live.json), version: live.version, person };
  }

  async rememberPosted(key: ConversationKey, posted: Readonly<Record<string, string>>): Promise<void> {
    const live = this.live(conversationId(key));
    if (live) live.posted = { ...live.posted, ...posted };
  }

  async findPosted(key: ConversationKey, messageIds: readonly string[]): Promise<Record<string, string>> {
    const posted = this.live(conversationId(key))?.posted ?? {};
    return Object.fromEntries(messageIds.flatMap((id) => (posted[id] ? [[id, posted[id]]] : [])));
  }

  async commit(write: TurnWrite): Promise<CommitResult> {
    const committed = this.apply(write.key, encodeTurn(write), write.record);
    // The follow-up part, in the same synchronous step (nothing else runs in between).
    if (committed.ok && write.followUp) this.followUps.applyTurn(write.followUp);
    return committed;
  }

  /** The same steps as the Redis script, on the same payload. */
  private apply(key: ConversationKey, turn: TurnPayload, record: { responseId: string }): CommitResult {
    const id = conversationId(key);
    const live = this.live(id);
    const current = live ? live.version : 0;
    if (current !== turn.expectedVersion) return { ok: false, reason: 'conflict' };
    const version = current + 1;
    this.conversations.set(id, {
      version,
      json: turn.record,
      expiresAt: this.now() + turn.ttlMs,
      transcript: [...(live ? live.transcript : []), ...turn.transcript],
      posted: live ? live.posted : {},
    });
    if (turn.response) this.responses.set(turn.response.id, turn.response.json);
    if (turn.person) this.people.set(personId(key), turn.person);
    if (turn.ephemeralPerson) this.peopleExpiry.set(personId(key), this.now() + turn.ttlMs);
    if (turn.cancelReminder) this.reminders.delete(turn.member);
    else if (turn.remindAt !== undefined) this.reminders.set(turn.member, turn.remindAt);
    for (const event of turn.events) this.outbox.add(event.id, event.json, turn.now);
    this.applyRollups(
      turn.rollups.flatMap(({ bucket, field, by }) => {
        const at = turn.buckets[bucket];
        return at ? [{ ...at, field, by }] : [];
      }),
    );
    this.keepCounted(turn, record.responseId);
    return { ok: true, version };
  }

  /** As the script does: counter changes kept with the response, living as long as it (or the conversation). */
  private keepCounted(turn: TurnPayload, responseId: string): void {
    const now = this.now();
    const stored = this.counted.get(responseId);
    const ledger =
      stored && (stored.expiresAt === null || stored.expiresAt > now) ? stored : { counts: new Map(), expiresAt: 0 };
    for (const { counted, by } of turn.rollups) {
      const count = (ledger.counts.get(counted) ?? 0) + by;
      if (count === 0) ledger.counts.delete(counted);
      else ledger.counts.set(counted, count);
    }
    if (turn.response) ledger.expiresAt = null;
    else if (ledger.expiresAt !== null) ledger.expiresAt = now + turn.ttlMs;
    if (ledger.counts.size > 0) this.counted.set(responseId, ledger);
    else this.counted.delete(responseId);
  }

  /** Takes back what a response's conversation added to the counters. */
  private uncount(responseId: string, surveyId: string): void {
    const ledger = this.counted.get(responseId);
    this.counted.delete(responseId);
    if (!ledger) return;
    this.applyRollups(
      [...ledger.counts].flatMap(([name, count]) => {
        const at = parseCountedField(name, surveyId);
        return at ? [{ ...at, by: -count }] : [];
      }),
    );
  }

  async readTranscript(key: ConversationKey, from = 0, to = -1): Promise<TranscriptEntry[]> {
    const stored = this.live(conversationId(key));
    if (!stored) return [];
    const end = to < 0 ? stored.transcript.length + to + 1 : to + 1;
    return stored.transcript.slice(from, end).flatMap((json) => parseStored(transcriptEntrySchema, json) ?? []);
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
    return this.outbox.events();
  }

  async claimEvents(now: number, leaseUntil: number, limit: number): Promise<PendingEvent[]> {
    return this.outbox.claim(now, leaseUntil, limit);
  }

  async settleEvent(pending: PendingEvent, settlement: Settlement): Promise<void> {
    this.outbox.settle(pending, settlement);
  }

  async outboxBacklog(): Promise<number> {
    return this.outbox.backlog();
  }

  async oldestPendingAt(): Promise<number | null> {
    return this.outbox.oldestPendingAt();
  }

  async listDeadLetters(after: DeadLetterPosition | null, limit: number): Promise<DeadLetterPage> {
    return this.outbox.listDead(after, limit);
  }

  async deadLetterCount(): Promise<number> {
    return this.outbox.deadCount();
  }

  async retryDeadLetter(id: string, now: number): Promise<boolean> {
    return this.outbox.retryDead(id, now);
  }

  async claimDueReminders(now: number, limit: number): Promise<ConversationKey[]> {
    const due = [...this.reminders.entries()]
      .filter(([, at]) => at <= now)
      .sort(([a, x], [b, y]) => earliestFirst(x, a, y, b))
      .slice(0, limit);
    return due.flatMap(([member]) => {
      this.reminders.delete(member);
      return parseStored(reminderMemberSchema, member) ?? [];
    });
  }

  async erase(person: Person, _segments: readonly string[]): Promise<ErasureReport> {
    const report: ErasureReport = { conversations: 0, responses: 0, events: 0 };
    for (const [id, stored] of this.conversations) {
      const record = parseRecord(stored.json);
      if (record?.person.channel !== person.channel || record.person.user !== person.user) continue;
      this.conversations.delete(id);
      this.reminders.delete(reminderMember({ ...person, conversation: record.conversation }));
      // A live conversation may have counted (a survey sent) before it has a response.
      this.uncount(record.responseId, record.dialog.surveyId);
      report.conversations += 1;
    }
    for (const [id, json] of this.responses) {
      const response = parseStored(surveyResponseSchema, json);
      if (response?.channel !== person.channel || response.user !== person.user) continue;
      this.uncount(id, response.surveyId);
      this.responses.delete(id);
      this.rewards.forget(response.surveyId, person);
      report.responses += 1;
    }
    report.events += this.outbox.erase(person);
    this.forgetPerson(personId(person));
    this.references.delete(personId(person));
    this.followUps.erase(person);
    return report;
  }

  async person(person: Person): Promise<PersonRecord> {
    const id = personId(person);
    const expiresAt = this.peopleExpiry.get(id);
    if (expiresAt !== undefined && expiresAt <= this.now()) this.forgetPerson(id);
    const json = this.people.get(id);
    return (json ? parseStored(personRecordSchema, json) : null) ?? unknownPerson();
  }

  readonly claimReward: MemoryRewards['claimReward'] = (surveyId, person) => this.rewards.claimReward(surveyId, person);
  readonly addRewardCodes: MemoryRewards['addRewardCodes'] = (surveyId, codes) =>
    this.rewards.addRewardCodes(surveyId, codes);

  async putReference(person: Person, reference: unknown): Promise<void> {
    this.references.set(personId(person), JSON.stringify(reference));
  }

  async getReference(person: Person): Promise<unknown | null> {
    const json = this.references.get(personId(person));
    return json === undefined ? null : (parseStored(referenceSchema, json) ?? null);
  }

  async getResponse(id: string, _person?: Person): Promise<SurveyResponse | null> {
    const json = this.responses.get(id);
    return json === undefined ? null : parseStored(surveyResponseSchema, json);
  }

  async readRollups(surveyId: string, days: readonly string[]): Promise<Map<string, Map<string, number>>> {
    const result = new Map<string, Map<string, number>>();
    for (const day of days) {
      const bucket = this.rollups.get(`${surveyId}\n${day}`);
      if (bucket && bucket.size > 0) result.set(day, new Map(bucket));
    }
    return result;
  }

  async listResponses(surveyId: string, query: ResponseLogQuery): Promise<ResponsePage> {
    const direction = query.order === 'asc' ? 1 : -1;
    const matching = [...this.responses.values()]
      .flatMap((json) => parseStored(surveyResponseSchema, json) ?? [])
      .map((response) => ({ response, at: Date.parse(response.startedAt), id: response.id }))
      .filter(({ response, at }) => response.surveyId === surveyId && at >= query.from && at <= query.to)
      .filter((position) => isPast(position, query.after, query.order))
      .sort((a, b) => direction * compareLogPositions(a, b));
    const { page, next } = pageOf(matching, query.limit);
    // The log is the records themselves here: nothing can go missing from it.
    return {
      responses: page.map(({ response }) => response),
      next: next ? { at: next.at, id: next.id } : null,
      missing: [],
    };
  }

  async raiseEvent(event: OutgoingEvent, now: number): Promise<void> {
    this.addEvents([event], now);
  }

  // Nothing here outlives the process, and nothing can wipe it while it runs: the identity is
  // kept only so that the same start-up and watch run on every store.
  async claimStoreIdentity(candidate: StoreIdentity): Promise<{ identity: StoreIdentity; created: boolean }> {
    const kept = this.identity === null ? null : parseStored(storeIdentitySchema, this.identity);
    if (kept) return { identity: kept, created: false };
    this.identity = JSON.stringify(candidate);
    return { identity: candidate, created: true };
  }

  async readStoreIdentity(): Promise<StoreIdentity | null> {
    return this.identity === null ? null : parseStored(storeIdentitySchema, this.identity);
  }

  /** No server to ask: the embedded store keeps everything in this process (its description says so). */
  async serverDurability(): Promise<null> {
    return null;
  }

  async canTakeWrites(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }
}

/** Parses a stored conversation; anything of another shape or version is treated as absent, not crashed on. */
export function parseRecord(json: string): ConversationRecord | null {
  return parseStored(conversationRecordSchema, json);
}

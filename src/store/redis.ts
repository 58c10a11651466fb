/**
 * The Redis store (single server or Cluster) behind the same contract as the memory store.
 * A turn is one pipelined read (conversation + person) and one Lua call (the write).
 */
import type { Cluster, Redis } from 'ioredis';
import { rollupChanges } from '../engine/response.js';
import type { Person, PersonRecord, SurveyResponse, TranscriptEntry } from '../engine/types.js';
import { parseRecord } from './memory.js';
import { aboutPerson, newPending, reminderMember } from './pending.js';
import { RedisKeys } from './redis-keys.js';
import { RedisScheduleStore } from './redis-schedules.js';
import {
  ADD_REWARD_CODES,
  CLAIM_EVENTS,
  CLAIM_REMINDERS,
  CLAIM_REWARD,
  COMMIT_TURN,
  LOAD_TURN,
} from './redis-scripts.js';
import { readResponseLog } from './response-log.js';
import type { ScheduleStore } from './schedule-store.js';
import type {
  CommitResult,
  ConversationKey,
  ConversationStore,
  ErasureReport,
  Loaded,
  PendingEvent,
  ResponseLogQuery,
  ResponsePage,
  RewardClaim,
  Settlement,
  TurnWrite,
} from './types.js';

type RedisClient = Redis | Cluster;

/** The scripts as ioredis exposes them once defined. */
interface ScriptCommands {
  npsbotLoadTurn(conversation: string, person: string): Promise<[string | null, string | null, string | null]>;
  npsbotCommitTurn(numberOfKeys: number, ...args: (string | number)[]): Promise<number>;
  npsbotClaimReward(pool: string, claimed: string, person: string): Promise<[string, number]>;
  npsbotAddRewardCodes(pool: string, known: string, ...codes: string[]): Promise<number>;
  npsbotClaimEvents(events: string, due: string, now: number, leaseUntil: number, limit: number): Promise<string[]>;
  npsbotClaimReminders(reminders: string, now: number, limit: number): Promise<string[]>;
}

const NOBODY: PersonRecord = { optedOut: false, lastSurveyedAt: null };
const ADD_CODES_BATCH = 1000;

export interface RedisStoreOptions {
  prefix?: string;
  /** How many shard hash tags people are spread over; 1 is enough for a single server. */
  shardCount?: number;
  description?: string;
}

export class RedisStore implements ConversationStore {
  readonly description: string;
  readonly keys: RedisKeys;
  private readonly scripts: ScriptCommands;
  private readonly waves: RedisScheduleStore;

  constructor(
    readonly client: RedisClient,
    options: RedisStoreOptions = {},
  ) {
    this.keys = new RedisKeys(options.prefix ?? 'npsbot:', options.shardCount ?? 1);
    this.description = options.description ?? 'Redis store';
    client.defineCommand('npsbotLoadTurn', { numberOfKeys: 2, lua: LOAD_TURN });
    client.defineCommand('npsbotCommitTurn', { lua: COMMIT_TURN });
    client.defineCommand('npsbotClaimReward', { numberOfKeys: 2, lua: CLAIM_REWARD });
    client.defineCommand('npsbotAddRewardCodes', { numberOfKeys: 2, lua: ADD_REWARD_CODES });
    client.defineCommand('npsbotClaimEvents', { numberOfKeys: 2, lua: CLAIM_EVENTS });
    client.defineCommand('npsbotClaimReminders', { numberOfKeys: 1, lua: CLAIM_REMINDERS });
    this.scripts = client as unknown as ScriptCommands;
    this.waves = new RedisScheduleStore(client, this.keys.prefix);
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

  async load(key: ConversationKey): Promise<Loaded> {
    const [version, json, personJson] = await this.scripts.npsbotLoadTurn(
      this.keys.conversation(key, key.conversation),
      this.keys.person(key),
    );
    return {
      record: json ? parseRecord(json) : null,
      version: version ? Number(version) : 0,
      person: personJson ? (JSON.parse(personJson) as PersonRecord) : { ...NOBODY },
    };
  }

  async commit(write: TurnWrite): Promise<CommitResult> {
    const person = write.key;
    const shard = this.keys.shardOf(person);
    const keys = [
      this.keys.conversation(person, write.key.conversation),
      this.keys.person(person),
      this.keys.response(person, write.record.responseId),
      this.keys.responseLog(shard, write.record.dialog.surveyId),
      this.keys.outbox(shard).events,
      this.keys.outbox(shard).due,
      this.keys.personIndex(person),
      this.keys.reminders(shard),
      this.keys.transcript(person, write.key.conversation),
    ];
    const rollupArgs: (string | number)[] = [];
    const rollupKeyIndex = new Map<string, number>();
    for (const delta of write.rollups) {
      const key = this.keys.rollup(shard, delta.surveyId, delta.day);
      let index = rollupKeyIndex.get(key);
      if (index === undefined) {
        keys.push(key);
        index = keys.length; // Lua's KEYS is 1-based
        rollupKeyIndex.set(key, index);
      }
      rollupArgs.push(index, delta.field, delta.by);
    }
    const args: (string | number)[] = [
      write.expectedVersion,
      JSON.stringify(write.record),
      write.ttlSeconds * 1000,
      write.response ? JSON.stringify(write.response) : '',
      write.record.responseId,
      write.record.dialog.startedAt,
      write.person ? JSON.stringify(write.person) : '',
      write.now,
      write.reminderAt === undefined ? '' : write.reminderAt === null ? '-' : write.reminderAt,
      reminderMember(write.key),
      write.events.length,
      ...write.events.flatMap((event) => [event.id, JSON.stringify(newPending(event))]),
      write.transcript.length,
      ...write.transcript.map((entry) => JSON.stringify(entry)),
      ...rollupArgs,
    ];
    const version = await this.scripts.npsbotCommitTurn(keys.length, ...keys, ...args);
    return version === 0 ? { ok: false, reason: 'conflict' } : { ok: true, version };
  }

  async readTranscript(key: ConversationKey, from = 0, to = -1): Promise<TranscriptEntry[]> {
    const lines = await this.client.lrange(this.keys.transcript(key, key.conversation), from, to);
    return lines.map((line) => JSON.parse(line) as TranscriptEntry);
  }

  async person(person: Person): Promise<PersonRecord> {
    const json = await this.client.get(this.keys.person(person));
    return json ? (JSON.parse(json) as PersonRecord) : { ...NOBODY };
  }

  async claimReward(surveyId: string, person: Person): Promise<RewardClaim> {
    const { pool, claimed } = this.keys.rewards(surveyId);
    const [code, exhausted] = await this.scripts.npsbotClaimReward(pool, claimed, `${person.channel}:${person.user}`);
    return { code: code === '' ? null : code, exhausted: Number(exhausted) === 1 };
  }

  async addRewardCodes(surveyId: string, codes: readonly string[]): Promise<number> {
    const { pool, known } = this.keys.rewards(surveyId);
    let added = 0;
    for (let start = 0; start < codes.length; start += ADD_CODES_BATCH) {
      const batch = codes.slice(start, start + ADD_CODES_BATCH);
      added += Number(await this.scripts.npsbotAddRewardCodes(pool, known, ...batch));
    }
    return added;
  }

  async putReference(person: Person, reference: unknown): Promise<void> {
    await this.client.set(this.keys.reference(person), JSON.stringify(reference));
  }

  async getReference(person: Person): Promise<unknown | null> {
    const json = await this.client.get(this.keys.reference(person));
    return json === null ? null : (JSON.parse(json) as unknown);
  }

  async getResponse(id: string, person: Person): Promise<SurveyResponse | null> {
    const json = await this.client.get(this.keys.response(person, id));
    return json === null ? null : (JSON.parse(json) as SurveyResponse);
  }

  async readRollups(surveyId: string, days: readonly string[]): Promise<Map<string, Map<string, number>>> {
    const reads = days.flatMap((day) =>
      this.keys
        .allShards()
        .map(async (shard) => ({ day, counters: await this.client.hgetall(this.keys.rollup(shard, surveyId, day)) })),
    );
    const result = new Map<string, Map<string, number>>();
    for (const { day, counters } of await Promise.all(reads)) {
      const entries = Object.entries(counters);
      if (entries.length === 0) continue;
      const bucket = result.get(day) ?? new Map<string, number>();
      for (const [field, count] of entries) {
        // An erasure can leave a counter at zero; it counts nothing.
        if (Number(count) !== 0) bucket.set(field, (bucket.get(field) ?? 0) + Number(count));
      }
      result.set(day, bucket);
    }
    return result;
  }

  async claimEvents(now: number, leaseUntil: number, limit: number): Promise<PendingEvent[]> {
    const claimed: PendingEvent[] = [];
    for (const shard of this.keys.allShards()) {
      if (claimed.length >= limit) break;
      const { events, due } = this.keys.outbox(shard);
      const flat = await this.scripts.npsbotClaimEvents(events, due, now, leaseUntil, limit - claimed.length);
      for (let i = 1; i < flat.length; i += 2) {
        const stored = JSON.parse(flat[i] as string) as Omit<PendingEvent, 'shard'>;
        claimed.push({ ...stored, shard });
      }
    }
    return claimed;
  }

  async settleEvent(pending: PendingEvent, settlement: Settlement): Promise<void> {
    const { events, due } = this.keys.outbox(pending.shard);
    const id = pending.event.id;
    if (settlement.delivered) {
      await this.client.multi().hdel(events, id).zrem(due, id).exec();
      return;
    }
    const stored = { event: pending.event, attempts: settlement.attempts, done: settlement.done };
    await this.client.multi().hset(events, id, JSON.stringify(stored)).zadd(due, settlement.retryAt, id).exec();
  }

  async outboxBacklog(): Promise<number> {
    const counts = await Promise.all(
      this.keys.allShards().map((shard) => this.client.zcard(this.keys.outbox(shard).due)),
    );
    return counts.reduce((sum, count) => sum + count, 0);
  }

  async claimDueReminders(now: number, limit: number): Promise<ConversationKey[]> {
    const due: ConversationKey[] = [];
    for (const shard of this.keys.allShards()) {
      if (due.length >= limit) break;
      const members = await this.scripts.npsbotClaimReminders(this.keys.reminders(shard), now, limit - due.length);
      due.push(...members.map((member) => JSON.parse(member) as ConversationKey));
    }
    return due;
  }

  async erase(person: Person, segments: readonly string[]): Promise<ErasureReport> {
    const shard = this.keys.shardOf(person);
    const index = this.keys.personIndex(person);
    const members = await this.client.smembers(index);
    // Conversations are indexed by their reminder member (the conversation key as JSON).
    const conversations = members
      .filter((m) => m.startsWith('c:'))
      .map((m) => (JSON.parse(m.slice(2)) as ConversationKey).conversation);
    const responseIds = members.filter((m) => m.startsWith('r:')).map((m) => m.slice(2));
    const responses = (await Promise.all(responseIds.map((id) => this.getResponse(id, person)))).filter(
      (response): response is SurveyResponse => response !== null,
    );
    const outbox = this.keys.outbox(shard);
    const pending = Object.entries(await this.client.hgetall(outbox.events));
    const eventIds = pending
      .filter(([, json]) => aboutPerson(JSON.parse(json) as PendingEvent, person))
      .map(([id]) => id);

    // Every key here carries the person's shard tag, so one MULTI covers them in a Cluster too.
    const erase = this.client.multi();
    for (const conversation of conversations) {
      erase.del(this.keys.conversation(person, conversation), this.keys.transcript(person, conversation));
      erase.zrem(this.keys.reminders(shard), reminderMember({ ...person, conversation }));
    }
    for (const response of responses) {
      erase.del(this.keys.response(person, response.id));
      erase.zrem(this.keys.responseLog(shard, response.surveyId), response.id);
      for (const delta of rollupChanges(response, null, segments)) {
        erase.hincrby(this.keys.rollup(shard, delta.surveyId, delta.day), delta.field, delta.by);
      }
    }
    if (eventIds.length > 0) erase.hdel(outbox.events, ...eventIds).zrem(outbox.due, ...eventIds);
    erase.del(this.keys.person(person), this.keys.reference(person), index);
    await erase.exec();
    // Which code a person got is personal; the code itself stays spent.
    for (const surveyId of new Set(responses.map((response) => response.surveyId))) {
      await this.client.hdel(this.keys.rewards(surveyId).claimed, `${person.channel}:${person.user}`);
    }
    return { conversations: conversations.length, responses: responses.length, events: eventIds.length };
  }

  async listResponses(surveyId: string, query: ResponseLogQuery): Promise<ResponsePage> {
    return readResponseLog(this.client, this.keys, surveyId, query);
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}

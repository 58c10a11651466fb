/**
 * The Redis store (single server or Cluster) behind the same contract as the memory store.
 * A turn is one pipelined read (conversation + person) and one Lua call (the write).
 */
import type { Cluster, Redis } from 'ioredis';
import {
  type Person,
  type PersonRecord,
  type SurveyResponse,
  type TranscriptEntry,
  unknownPerson,
} from '../engine/types.js';
import { earliestFirst, pairs, sharesOfEarliest } from './due-claims.js';
import { parseRecord } from './memory.js';
import { newPending } from './pending.js';
import { RedisDurability } from './redis-durability.js';
import { eraseFromRedis } from './redis-erasure.js';
import { RedisFollowUps, turnFollowUpPayload } from './redis-follow-ups.js';
import { RedisKeys } from './redis-keys.js';
import { RedisOutbox } from './redis-outbox.js';
import { RedisRewards } from './redis-rewards.js';
import { RedisScheduleStore } from './redis-schedules.js';
import { CLAIM_REMINDERS, COMMIT_TURN, LOAD_TURN, REMEMBER_POSTED, SHARED_TIME } from './redis-scripts.js';
import { readResponseLog } from './response-log.js';
import type { ScheduleStore } from './schedule-store.js';
import {
  parseStored,
  personRecordSchema,
  referenceSchema,
  reminderMemberSchema,
  surveyResponseSchema,
  transcriptEntrySchema,
} from './schemas.js';
import { encodeTurn, TURN_KEYS, type TurnKey } from './turn-payload.js';
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
  Settlement,
  TurnWrite,
} from './types.js';

type RedisClient = Redis | Cluster;

/** The scripts as ioredis exposes them once defined. */
interface ScriptCommands {
  npsbotLoadTurn(conversation: string, person: string): Promise<[string | null, string | null, string | null]>;
  npsbotCommitTurn(numberOfKeys: number, ...keysThenPayload: string[]): Promise<number>;
  npsbotClaimReminders(reminders: string, now: number, limit: number): Promise<string[]>;
  npsbotRememberPosted(conversation: string, ...fieldsAndIds: string[]): Promise<number>;
  npsbotSharedTime(route: string): Promise<number>;
}

/** A posted message's field in the conversation hash, beside `v` and `d`. */
const postedField = (messageId: string) => `p:${messageId}`;

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
  private readonly followUps: RedisFollowUps;
  private readonly durability: RedisDurability;
  private readonly rewards: RedisRewards;
  private readonly outbox: RedisOutbox;

  constructor(
    readonly client: RedisClient,
    options: RedisStoreOptions = {},
  ) {
    this.keys = new RedisKeys(options.prefix ?? 'npsbot:', options.shardCount ?? 1);
    this.description = options.description ?? 'Redis store';
    client.defineCommand('npsbotLoadTurn', { numberOfKeys: 2, lua: LOAD_TURN });
    client.defineCommand('npsbotCommitTurn', { lua: COMMIT_TURN });
    client.defineCommand('npsbotClaimReminders', { numberOfKeys: 1, lua: CLAIM_REMINDERS });
    client.defineCommand('npsbotRememberPosted', { numberOfKeys: 1, lua: REMEMBER_POSTED });
    client.defineCommand('npsbotSharedTime', { numberOfKeys: 1, lua: SHARED_TIME });
    this.scripts = client as unknown as ScriptCommands;
    this.waves = new RedisScheduleStore(client, this.keys.prefix);
    this.followUps = new RedisFollowUps(client, this.keys);
    this.durability = new RedisDurability(client, this.keys);
    this.rewards = new RedisRewards(client, this.keys);
    this.outbox = new RedisOutbox(client, this.keys);
  }

  // Identity, server settings and the write probe (docs/operations.md), kept by their own class.
  readonly claimStoreIdentity: RedisDurability['claimStoreIdentity'] = (candidate) =>
    this.durability.claimStoreIdentity(candidate);
  readonly readStoreIdentity: RedisDurability['readStoreIdentity'] = () => this.durability.readStoreIdentity();
  readonly serverDurability: RedisDurability['serverDurability'] = () => this.durability.serverDurability();
  readonly canTakeWrites: RedisDurability['canTakeWrites'] = () => this.durability.canTakeWrites();

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

  readonly getFollowUp: RedisFollowUps['getFollowUp'] = (id) => this.followUps.getFollowUp(id);
  readonly listFollowUps: RedisFollowUps['listFollowUps'] = (query) => this.followUps.listFollowUps(query);
  readonly listFollowUpsOpened: RedisFollowUps['listFollowUpsOpened'] = (...args) =>
    this.followUps.listFollowUpsOpened(...args);
  readonly updateFollowUp: RedisFollowUps['updateFollowUp'] = (update) => this.followUps.updateFollowUp(update);
  readonly claimOverdueFollowUps: RedisFollowUps['claimOverdueFollowUps'] = (...args) =>
    this.followUps.claimOverdueFollowUps(...args);
  readonly followUpCountersSince: RedisFollowUps['followUpCountersSince'] = (now) =>
    this.followUps.followUpCountersSince(now);
  readonly countFollowUps: RedisFollowUps['countFollowUps'] = (now) => this.followUps.countFollowUps(now);
  readonly linkFollowUpPost: RedisFollowUps['linkFollowUpPost'] = (id, post) =>
    this.followUps.linkFollowUpPost(id, post);
  readonly followUpPost: RedisFollowUps['followUpPost'] = (id) => this.followUps.followUpPost(id);
  readonly followUpOfPost: RedisFollowUps['followUpOfPost'] = (post) => this.followUps.followUpOfPost(post);

  async load(key: ConversationKey): Promise<Loaded> {
    const [version, json, personJson] = await this.scripts.npsbotLoadTurn(
      this.keys.conversation(key, key.conversation),
      this.keys.person(key),
    );
    return {
      record: json ? parseRecord(json) : null,
      version: version ? Number(version) : 0,
      person: (personJson ? parseStored(personRecordSchema, personJson) : null) ?? unknownPerson(),
    };
  }

  async rememberPosted(key: ConversationKey, posted: Readonly<Record<string, string>>): Promise<void> {
    const fields = Object.entries(posted).flatMap(([messageId, channelId]) => [postedField(messageId), channelId]);
    if (fields.length === 0) return;
    await this.scripts.npsbotRememberPosted(this.keys.conversation(key, key.conversation), ...fields);
  }

  async findPosted(key: ConversationKey, messageIds: readonly string[]): Promise<Record<string, string>> {
    if (messageIds.length === 0) return {};
    const ids = await this.client.hmget(this.keys.conversation(key, key.conversation), ...messageIds.map(postedField));
    return Object.fromEntries(messageIds.flatMap((id, i) => (ids[i] ? [[id, ids[i]]] : [])));
  }

  async commit(write: TurnWrite): Promise<CommitResult> {
    const turn = encodeTurn(write);
    const keys = this.turnKeys(write);
    const shard = this.keys.shardOf(write.key);
    const buckets = turn.buckets.map(({ surveyId, day }) => this.keys.rollup(shard, surveyId, day));
    const all = [...TURN_KEYS.map((name) => keys[name]), ...buckets];
    // The follow-up part names its keys by their place in KEYS, after the turn's own.
    const followUp = write.followUp ? turnFollowUpPayload(all, this.keys, write.key, write.followUp) : undefined;
    const { record, ...rest } = turn;
    const version = await this.scripts.npsbotCommitTurn(
      all.length,
      ...all,
      JSON.stringify({ ...rest, followUp }),
      record,
    );
    return version === 0 ? { ok: false, reason: 'conflict' } : { ok: true, version };
  }

  /** Where each part of a turn's write lives; every key carries the person's shard tag. */
  private turnKeys(write: TurnWrite): Record<TurnKey, string> {
    const person = write.key;
    const shard = this.keys.shardOf(person);
    const outbox = this.keys.outbox(shard);
    return {
      conversation: this.keys.conversation(person, person.conversation),
      person: this.keys.person(person),
      response: this.keys.response(person, write.record.responseId),
      responseLog: this.keys.responseLog(shard, write.record.dialog.surveyId),
      outbox: outbox.events,
      outboxDue: outbox.due,
      personIndex: this.keys.personIndex(person),
      reminders: this.keys.reminders(shard),
      transcript: this.keys.transcript(person, person.conversation),
      counted: this.keys.counted(person, write.record.responseId),
    };
  }

  async readTranscript(key: ConversationKey, from = 0, to = -1): Promise<TranscriptEntry[]> {
    const lines = await this.client.lrange(this.keys.transcript(key, key.conversation), from, to);
    return lines.flatMap((line) => parseStored(transcriptEntrySchema, line) ?? []);
  }

  async person(person: Person): Promise<PersonRecord> {
    const json = await this.client.get(this.keys.person(person));
    return (json ? parseStored(personRecordSchema, json) : null) ?? unknownPerson();
  }

  readonly claimReward: RedisRewards['claimReward'] = (surveyId, person) => this.rewards.claimReward(surveyId, person);
  readonly addRewardCodes: RedisRewards['addRewardCodes'] = (surveyId, codes) =>
    this.rewards.addRewardCodes(surveyId, codes);

  async putReference(person: Person, reference: unknown): Promise<void> {
    await this.client.set(this.keys.reference(person), JSON.stringify(reference));
  }

  async getReference(person: Person): Promise<unknown | null> {
    const json = await this.client.get(this.keys.reference(person));
    return json === null ? null : (parseStored(referenceSchema, json) ?? null);
  }

  async getResponse(id: string, person: Person): Promise<SurveyResponse | null> {
    const json = await this.client.get(this.keys.response(person, id));
    return json === null ? null : parseStored(surveyResponseSchema, json);
  }

  async readRollups(surveyId: string, days: readonly string[]): Promise<Map<string, Map<string, number>>> {
    const reads = days.flatMap((day) =>
      this.keys
        .allShards()
        .map(async (shard) => ({ day, counters: await this.client.hgetall(this.keys.rollup(shard, surveyId, day)) })),
    );
    const result = new Map<string, Map<string, number>>();
    for (const { day, counters } of await Promise.all(reads)) {
      const bucket = result.get(day) ?? new Map<string, number>();
      for (const [field, count] of Object.entries(counters))
        bucket.set(field, (bucket.get(field) ?? 0) + Number(count));
      result.set(day, bucket);
    }
    return withoutZeros(result);
  }

  async claimEvents(now: number, leaseUntil: number, limit: number): Promise<PendingEvent[]> {
    return this.outbox.claim(now, leaseUntil, limit);
  }

  async settleEvent(pending: PendingEvent, settlement: Settlement): Promise<void> {
    await this.outbox.settle(pending, settlement);
  }

  async raiseEvent(event: OutgoingEvent, now: number): Promise<void> {
    const { events, due } = this.keys.outbox(0);
    await this.client
      .multi()
      .hset(events, event.id, JSON.stringify(newPending(event)))
      .zadd(due, now, event.id)
      .exec();
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
    const sets = this.keys.allShards().map((shard) => ({ shard, key: this.keys.reminders(shard) }));
    const shares = await sharesOfEarliest(this.client, sets, now, limit);
    const taken = await Promise.all(
      [...shares].map(async ([shard, share]) => {
        const flat = await this.scripts.npsbotClaimReminders(this.keys.reminders(shard), now, share);
        return pairs(flat).map(([member = '', at]) => ({ shard, member, due: Number(at) }));
      }),
    );
    return taken
      .flat()
      .sort(earliestFirst)
      .flatMap(({ member }) => parseStored(reminderMemberSchema, member) ?? []);
  }

  async erase(person: Person, _segments: readonly string[]): Promise<ErasureReport> {
    return eraseFromRedis(this.client, this.keys, person, (erase, members) => {
      const followUpIds = members.filter((m) => m.startsWith('f:')).map((m) => m.slice(2));
      this.followUps.eraseInto(erase, person, followUpIds);
    });
  }

  async listResponses(surveyId: string, query: ResponseLogQuery): Promise<ResponsePage> {
    return readResponseLog(this.client, this.keys, surveyId, query);
  }

  async sharedTime(): Promise<number> {
    return Number(await this.scripts.npsbotSharedTime(`${this.keys.prefix}clock`));
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}

/** A counter at zero counts nothing: a +1 on one shard and its −1 on another (a moved answer) cancel out. */
function withoutZeros(days: Map<string, Map<string, number>>): Map<string, Map<string, number>> {
  for (const [day, bucket] of days) {
    for (const [field, count] of bucket) if (count === 0) bucket.delete(field);
    if (bucket.size === 0) days.delete(day);
  }
  return days;
}

/**
 * The Redis store (single server or Cluster) behind the same contract as the memory store.
 * A turn is one pipelined read (conversation + person) and one Lua call (the write).
 */
import type { Cluster, Redis } from 'ioredis';
import type { Person, PersonRecord, SurveyResponse } from '../engine/types.js';
import { parseRecord } from './memory.js';
import { RedisKeys } from './redis-keys.js';
import { ADD_REWARD_CODES, CLAIM_REWARD, COMMIT_TURN } from './redis-scripts.js';
import type { CommitResult, ConversationKey, ConversationStore, Loaded, RewardClaim, TurnWrite } from './types.js';

type RedisClient = Redis | Cluster;

/** The scripts as ioredis exposes them once defined. */
interface ScriptCommands {
  npsbotCommitTurn(numberOfKeys: number, ...args: (string | number)[]): Promise<number>;
  npsbotClaimReward(pool: string, claimed: string, person: string): Promise<[string, number]>;
  npsbotAddRewardCodes(pool: string, known: string, ...codes: string[]): Promise<number>;
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

  constructor(
    readonly client: RedisClient,
    options: RedisStoreOptions = {},
  ) {
    this.keys = new RedisKeys(options.prefix ?? 'npsbot:', options.shardCount ?? 1);
    this.description = options.description ?? 'Redis store';
    client.defineCommand('npsbotCommitTurn', { lua: COMMIT_TURN });
    client.defineCommand('npsbotClaimReward', { numberOfKeys: 2, lua: CLAIM_REWARD });
    client.defineCommand('npsbotAddRewardCodes', { numberOfKeys: 2, lua: ADD_REWARD_CODES });
    this.scripts = client as unknown as ScriptCommands;
  }

  async load(key: ConversationKey): Promise<Loaded> {
    const replies = await this.client
      .pipeline()
      .hmget(this.keys.conversation(key, key.conversation), 'v', 'd')
      .get(this.keys.person(key))
      .exec();
    const [conversationReply, personReply] = replies ?? [];
    if (conversationReply?.[0]) throw conversationReply[0];
    if (personReply?.[0]) throw personReply[0];
    const [version, json] = (conversationReply?.[1] as (string | null)[] | undefined) ?? [null, null];
    const personJson = personReply?.[1] as string | null | undefined;
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
      this.keys.events(shard),
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
      write.events.length,
      ...write.events.map((event) => JSON.stringify(event)),
      ...rollupArgs,
    ];
    const version = await this.scripts.npsbotCommitTurn(keys.length, ...keys, ...args);
    return version === 0 ? { ok: false, reason: 'conflict' } : { ok: true, version };
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
      for (const [field, count] of entries) bucket.set(field, (bucket.get(field) ?? 0) + Number(count));
      result.set(day, bucket);
    }
    return result;
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

/**
 * Follow-ups in Redis (single server or Cluster). A follow-up's keys carry its person's shard
 * tag (found from the id, which names the person), so the turn that opens one, a customer's
 * thread entry and an agent's action are each one single-slot Lua call, with their outbox
 * events. The queue is one sorted set per status and shard, by due time; a page merges the
 * shards' heads, so listing stays a few small reads however many follow-ups there are.
 */
import type { Cluster, Redis } from 'ioredis';
import { z } from 'zod';
import type { Person } from '../engine/types.js';
import {
  FOLLOW_UP_STATUSES,
  type FollowUpStatus,
  personHashOfFollowUpId,
  type StoredFollowUp,
  storedFollowUpSchema,
  type ThreadEntry,
  threadEntrySchema,
} from '../followups/types.js';
import {
  compareCursors,
  type FollowUpCursor,
  type FollowUpPage,
  type FollowUpPost,
  type FollowUpQuery,
  type FollowUps,
  type FollowUpTurnWrite,
  type FollowUpUpdate,
  type LoadedFollowUp,
} from './follow-ups.js';
import { newPending } from './pending.js';
import type { RedisKeys } from './redis-keys.js';
import { parseStored } from './schemas.js';
import { membersPast } from './sorted-pages.js';
import { countedField } from './turn-payload.js';

const followUpPostSchema = z.object({ channel: z.string(), ts: z.string() });

/**
 * The one Lua function every follow-up write goes through; COMMIT_TURN includes it too.
 * p (JSON): record, thread, fromList, toList, opened, index, watchKey = KEYS indexes (0 = none);
 * id; expected (-1 = any version); json ('' = record unchanged); dueAt, openedAt (ms as text);
 * watch ('add' | 'remove' | 'keep'); entries (thread entry JSONs). Returns false on a version conflict.
 */
export const FOLLOW_UP_LUA = `
local function npsbotFollowUp(p)
  if p.expected >= 0 then
    local current = tonumber(redis.call('HGET', KEYS[p.record], 'v') or '0')
    if current ~= p.expected then return false end
  end
  if p.json ~= '' then
    redis.call('HINCRBY', KEYS[p.record], 'v', 1)
    redis.call('HSET', KEYS[p.record], 'd', p.json)
  end
  if p.fromList > 0 then redis.call('ZREM', KEYS[p.fromList], p.id) end
  if p.toList > 0 then redis.call('ZADD', KEYS[p.toList], p.dueAt, p.id) end
  if p.opened > 0 then redis.call('ZADD', KEYS[p.opened], p.openedAt, p.id) end
  if p.index > 0 then redis.call('SADD', KEYS[p.index], 'f:' .. p.id) end
  if p.watch == 'add' then redis.call('ZADD', KEYS[p.watchKey], p.dueAt, p.id)
  elseif p.watch == 'remove' then redis.call('ZREM', KEYS[p.watchKey], p.id) end
  for _, entry in ipairs(p.entries) do redis.call('RPUSH', KEYS[p.thread], entry) end
  return true
end
`;

/**
 * KEYS: 1 outbox (hash), 2 outbox due, 3… the follow-up's, then its counters' day hashes and its
 * response's counted ledger   ARGV: 1 payload, 2 counter changes (JSON: [{ bucket, field, by, counted }],
 * bucket a KEYS index) with the ledger's KEYS index, 3 now, then event id/JSON pairs.
 */
export const UPDATE_FOLLOW_UP = `${FOLLOW_UP_LUA}
if not npsbotFollowUp(cjson.decode(ARGV[1])) then return 0 end
local counters = cjson.decode(ARGV[2])
for _, change in ipairs(counters.rollups) do
  local bucket = KEYS[change.bucket]
  if redis.call('HINCRBY', bucket, change.field, change.by) == 0 then redis.call('HDEL', bucket, change.field) end
  local ledger = KEYS[counters.counted]
  if redis.call('HINCRBY', ledger, change.counted, change.by) == 0 then redis.call('HDEL', ledger, change.counted) end
end
for i = 4, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[i])
end
return 1
`;

/** KEYS: 1 watch   ARGV: 1 now, 2 lease until, 3 limit. Leases the due ids (their score moves to the lease's end). */
export const CLAIM_OVERDUE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(due) do redis.call('ZADD', KEYS[1], ARGV[2], id) end
return due
`;

interface FollowUpChange {
  id: string;
  expected: number;
  followUp: StoredFollowUp | null;
  previousStatus: string | null;
  opening: boolean;
  watch: 'add' | 'remove' | 'keep';
  entries: readonly ThreadEntry[];
}

/** Adds the change's keys to `keys` and returns the JSON payload `npsbotFollowUp` reads. */
export function followUpPayload(keys: string[], redisKeys: RedisKeys, person: Person, change: FollowUpChange): string {
  const shard = redisKeys.shardOf(person);
  const at = (key: string) => {
    keys.push(key);
    return keys.length; // Lua's KEYS is 1-based
  };
  const own = redisKeys.followUp(shard, change.id);
  const status = change.followUp?.status;
  return JSON.stringify({
    id: change.id,
    expected: change.expected,
    json: change.followUp ? JSON.stringify(change.followUp) : '',
    record: at(own.record),
    thread: at(own.thread),
    fromList:
      change.previousStatus && change.previousStatus !== status
        ? at(redisKeys.followUpList(shard, change.previousStatus))
        : 0,
    toList: status ? at(redisKeys.followUpList(shard, status)) : 0,
    opened: change.opening ? at(redisKeys.followUpsOpened(shard)) : 0,
    index: change.opening ? at(redisKeys.personIndex(person)) : 0,
    watchKey: change.watch === 'keep' ? 0 : at(redisKeys.followUpWatch(shard)),
    watch: change.watch,
    dueAt: change.followUp ? String(Date.parse(change.followUp.dueAt)) : '0',
    openedAt: change.followUp ? String(Date.parse(change.followUp.openedAt)) : '0',
    entries: change.entries.map((entry) => JSON.stringify(entry)),
  });
}

/** The follow-up part of a turn, as `followUpPayload` for COMMIT_TURN. */
export function turnFollowUpPayload(
  keys: string[],
  redisKeys: RedisKeys,
  person: Person,
  write: FollowUpTurnWrite,
): string {
  return write.kind === 'open'
    ? followUpPayload(keys, redisKeys, person, {
        id: write.followUp.id,
        expected: -1,
        followUp: write.followUp,
        previousStatus: null,
        opening: true,
        watch: 'add',
        entries: write.entries,
      })
    : followUpPayload(keys, redisKeys, person, {
        id: write.id,
        expected: -1,
        followUp: null,
        previousStatus: null,
        opening: false,
        watch: 'keep',
        entries: write.entries,
      });
}

/**
 * Adds the keys of an update's counter changes — the day hashes, then the response's counted
 * ledger (both of the person's shard) — and returns the JSON UPDATE_FOLLOW_UP reads as ARGV[2].
 */
function counterPayload(keys: string[], redisKeys: RedisKeys, person: Person, update: FollowUpUpdate): string {
  if (update.rollups.length === 0) return '{"rollups":[],"counted":0}';
  const shard = redisKeys.shardOf(person);
  const buckets = new Map<string, number>();
  const rollups = update.rollups.map(({ surveyId, day, field, by }) => {
    const key = redisKeys.rollup(shard, surveyId, day);
    let bucket = buckets.get(key);
    if (bucket === undefined) {
      bucket = keys.push(key);
      buckets.set(key, bucket);
    }
    return { bucket, field, by, counted: countedField(day, field) };
  });
  const counted = keys.push(redisKeys.counted(person, update.followUp.responseId));
  return JSON.stringify({ rollups, counted });
}

interface FollowUpScripts {
  npsbotUpdateFollowUp(numberOfKeys: number, ...args: (string | number)[]): Promise<number>;
  npsbotClaimOverdue(watch: string, now: number, leaseUntil: number, limit: number): Promise<string[]>;
}

export class RedisFollowUps implements FollowUps {
  private readonly scripts: FollowUpScripts;

  constructor(
    private readonly client: Redis | Cluster,
    private readonly keys: RedisKeys,
  ) {
    client.defineCommand('npsbotUpdateFollowUp', { lua: UPDATE_FOLLOW_UP });
    client.defineCommand('npsbotClaimOverdue', { numberOfKeys: 1, lua: CLAIM_OVERDUE });
    this.scripts = client as unknown as FollowUpScripts;
  }

  private shardOf(id: string): number | null {
    const hash = personHashOfFollowUpId(id);
    return hash === null ? null : this.keys.shardOfHash(hash);
  }

  async getFollowUp(id: string): Promise<LoadedFollowUp | null> {
    const shard = this.shardOf(id);
    if (shard === null) return null;
    const own = this.keys.followUp(shard, id);
    const [[version, json], lines] = await Promise.all([
      this.client.hmget(own.record, 'v', 'd'),
      this.client.lrange(own.thread, 0, -1),
    ]);
    if (!json) return null;
    return {
      followUp: storedFollowUpSchema.parse(JSON.parse(json)),
      version: Number(version),
      thread: lines.flatMap((line) => parseStored(threadEntrySchema, line) ?? []),
    };
  }

  async listFollowUps(query: FollowUpQuery): Promise<FollowUpPage> {
    const sources = this.keys
      .allShards()
      .flatMap((shard) => query.statuses.map((status) => ({ shard, key: this.keys.followUpList(shard, status) })));
    return this.page(
      sources,
      '-inf',
      query.until === undefined ? '+inf' : String(query.until),
      query.after,
      query.limit,
    );
  }

  async listFollowUpsOpened(
    from: number,
    to: number,
    after: FollowUpCursor | null,
    limit: number,
  ): Promise<FollowUpPage> {
    const sources = this.keys.allShards().map((shard) => ({ shard, key: this.keys.followUpsOpened(shard) }));
    return this.page(sources, String(from), String(to), after, limit);
  }

  /** Each source offers its first `limit + 1` past the cursor; the merge keeps `limit`. */
  private async page(
    sources: { shard: number; key: string }[],
    low: string,
    high: string,
    after: FollowUpCursor | null,
    limit: number,
  ): Promise<FollowUpPage> {
    // Past a cursor, a set is read from the cursor's score on (ties are then skipped by id).
    const from = after && (low === '-inf' || Number(low) < after.at) ? String(after.at) : low;
    const heads = await Promise.all(
      sources.map(({ shard, key }) => membersPast(this.client, key, shard, from, high, after, limit + 1)),
    );
    const merged = heads.flat().sort(compareCursors);
    const page = merged.slice(0, limit);
    const records = await Promise.all(
      page.map(({ id, shard }) => this.client.hget(this.keys.followUp(shard, id).record, 'd')),
    );
    // An erasure between the two reads leaves a gap in the page, never a wrong follow-up.
    const followUps = records.flatMap((json) => (json ? [storedFollowUpSchema.parse(JSON.parse(json))] : []));
    const last = page[page.length - 1];
    return { followUps, next: merged.length > limit && last ? { at: last.at, id: last.id } : null };
  }

  async updateFollowUp(update: FollowUpUpdate): Promise<'ok' | 'conflict'> {
    const person = { channel: update.followUp.channel, user: update.followUp.user };
    const shard = this.keys.shardOf(person);
    const outbox = this.keys.outbox(shard);
    const keys = [outbox.events, outbox.due];
    const payload = followUpPayload(keys, this.keys, person, {
      id: update.followUp.id,
      expected: update.expectedVersion,
      followUp: update.followUp,
      previousStatus: update.previousStatus,
      opening: false,
      watch: update.watch,
      entries: update.entries,
    });
    const counters = counterPayload(keys, this.keys, person, update);
    const events = update.events.flatMap((event) => [event.id, JSON.stringify(newPending(event))]);
    const written = await this.scripts.npsbotUpdateFollowUp(
      keys.length,
      ...keys,
      payload,
      counters,
      update.now,
      ...events,
    );
    return Number(written) === 1 ? 'ok' : 'conflict';
  }

  async claimOverdueFollowUps(now: number, leaseUntil: number, limit: number): Promise<string[]> {
    const claimed: string[] = [];
    for (const shard of this.keys.allShards()) {
      if (claimed.length >= limit) break;
      claimed.push(
        ...(await this.scripts.npsbotClaimOverdue(
          this.keys.followUpWatch(shard),
          now,
          leaseUntil,
          limit - claimed.length,
        )),
      );
    }
    return claimed;
  }

  async followUpCountersSince(now: number): Promise<number> {
    const key = this.keys.followUpCountersSince();
    const kept = await this.client.get(key);
    if (kept !== null && Number.isFinite(Number(kept))) return Number(kept);
    // The first start of a version that counts (or a store emptied since): from now on.
    await this.client.set(key, String(now), 'NX');
    return Number((await this.client.get(key)) ?? now);
  }

  async countFollowUps(now: number): Promise<Record<FollowUpStatus | 'waitingPastDue', number>> {
    const counts = { open: 0, claimed: 0, resolved: 0, waitingPastDue: 0 };
    await Promise.all(
      this.keys.allShards().flatMap((shard) => [
        ...FOLLOW_UP_STATUSES.map(async (status) => {
          counts[status] += await this.client.zcard(this.keys.followUpList(shard, status));
        }),
        (async () => {
          counts.waitingPastDue += await this.client.zcount(this.keys.followUpWatch(shard), '-inf', now);
        })(),
      ]),
    );
    return counts;
  }

  async linkFollowUpPost(id: string, post: FollowUpPost): Promise<FollowUpPost> {
    const shard = this.shardOf(id);
    if (shard === null) throw new Error(`${id} is not a follow-up id`);
    const key = this.keys.followUp(shard, id).post;
    // The reverse key first: a thread reply arriving between the two writes still finds its case.
    await this.client.set(this.keys.followUpOfPost(post.channel, post.ts), id, 'NX');
    const set = await this.client.set(key, JSON.stringify(post), 'NX');
    if (set === 'OK') return post;
    return (await this.followUpPost(id)) ?? post;
  }

  async followUpPost(id: string): Promise<FollowUpPost | null> {
    const shard = this.shardOf(id);
    if (shard === null) return null;
    const json = await this.client.get(this.keys.followUp(shard, id).post);
    const parsed = json === null ? null : followUpPostSchema.safeParse(JSON.parse(json));
    return parsed?.success ? parsed.data : null;
  }

  async followUpOfPost(post: FollowUpPost): Promise<string | null> {
    return this.client.get(this.keys.followUpOfPost(post.channel, post.ts));
  }

  /** Adds the erasure of a person's follow-ups (ids from their index) to a MULTI on their shard. */
  eraseInto(erase: ReturnType<(Redis | Cluster)['multi']>, person: Person, ids: readonly string[]): void {
    const shard = this.keys.shardOf(person);
    for (const id of ids) {
      const own = this.keys.followUp(shard, id);
      // The post's reverse key holds only the id, which leads nowhere once the record is gone.
      erase.del(own.record, own.thread, own.post);
      for (const status of FOLLOW_UP_STATUSES) erase.zrem(this.keys.followUpList(shard, status), id);
      erase.zrem(this.keys.followUpsOpened(shard), id).zrem(this.keys.followUpWatch(shard), id);
    }
  }
}

/**
 * Paging through the response log (for the responses listing, the CSV export and the quotes
 * of the reasons report): the order both stores agree on — start time, then id — and the
 * Redis reader that merges the per-shard sorted sets without loading a whole log.
 */
import type { Cluster, Redis } from 'ioredis';
import type { SurveyResponse } from '../engine/types.js';
import type { RedisKeys } from './redis-keys.js';
import { parseStored, surveyResponseSchema } from './schemas.js';
import type { LogPosition, ResponseLogQuery, ResponsePage } from './types.js';

/** Negative when `a` comes first in ascending order. Ids compare by code unit, as Redis orders equal scores. */
export function compareLogPositions(a: LogPosition, b: LogPosition): number {
  if (a.at !== b.at) return a.at - b.at;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Does `position` come after `after` when reading in `order`? */
export function isPast(position: LogPosition, after: LogPosition | null | undefined, order: 'asc' | 'desc'): boolean {
  if (!after) return true;
  const compared = compareLogPositions(position, after);
  return order === 'asc' ? compared > 0 : compared < 0;
}

/** Takes one page from positions already sorted in the query's order. */
export function pageOf<T extends LogPosition>(sorted: readonly T[], limit: number): { page: T[]; next: T | null } {
  const page = sorted.slice(0, limit);
  const last = page[page.length - 1];
  return { page, next: sorted.length > limit && last ? last : null };
}

interface ShardCandidate extends LogPosition {
  shard: number;
}

/**
 * Up to `want` positions of one shard's log past `query.after`. Ties on the start time are
 * skipped member by member, so a cursor never repeats or loses a response with the same time.
 */
async function shardCandidates(
  client: Redis | Cluster,
  key: string,
  shard: number,
  query: ResponseLogQuery,
  want: number,
): Promise<ShardCandidate[]> {
  const found: ShardCandidate[] = [];
  const asc = query.order === 'asc';
  const low = String(asc && query.after ? Math.max(query.from, query.after.at) : query.from);
  const high = String(!asc && query.after ? Math.min(query.to, query.after.at) : query.to);
  for (let offset = 0; found.length < want; offset += want) {
    const flat = asc
      ? await client.zrange(key, low, high, 'BYSCORE', 'LIMIT', offset, want, 'WITHSCORES')
      : await client.zrange(key, high, low, 'BYSCORE', 'REV', 'LIMIT', offset, want, 'WITHSCORES');
    for (let i = 0; i + 1 < flat.length && found.length < want; i += 2) {
      const position = { at: Number(flat[i + 1]), id: flat[i] as string, shard };
      if (isPast(position, query.after, query.order)) found.push(position);
    }
    if (flat.length < want * 2) break;
  }
  return found;
}

/** A page of the response log across every shard: each shard offers `limit + 1`, the merge keeps `limit`. */
export async function readResponseLog(
  client: Redis | Cluster,
  keys: RedisKeys,
  surveyId: string,
  query: ResponseLogQuery,
): Promise<ResponsePage> {
  const want = query.limit + 1;
  const perShard = await Promise.all(
    keys.allShards().map((shard) => shardCandidates(client, keys.responseLog(shard, surveyId), shard, query, want)),
  );
  const direction = query.order === 'asc' ? 1 : -1;
  const merged = perShard.flat().sort((a, b) => direction * compareLogPositions(a, b));
  const { page, next } = pageOf(merged, query.limit);
  // A response's key carries its shard's tag, so each shard's ids are one MGET even in a Cluster.
  const byShard = new Map<number, ShardCandidate[]>();
  for (const candidate of page) {
    const list = byShard.get(candidate.shard) ?? [];
    list.push(candidate);
    byShard.set(candidate.shard, list);
  }
  const found = new Map<string, SurveyResponse>();
  await Promise.all(
    [...byShard].map(async ([shard, candidates]) => {
      const jsons = await client.mget(...candidates.map(({ id }) => `${keys.shardTag(shard)}:resp:${id}`));
      jsons.forEach((json, i) => {
        const id = candidates[i]?.id;
        const response = json ? parseStored(surveyResponseSchema, json) : null;
        if (response && id) found.set(id, response);
      });
    }),
  );
  // A record the log names but that is gone (evicted, deleted outside npsbot; or erased between
  // the two reads) is a gap the caller reports, never a wrong response nor a silent loss.
  const responses = page.flatMap(({ id }) => found.get(id) ?? []);
  const missing = page.filter(({ id }) => !found.has(id)).map(({ at, id }) => ({ at, id }));
  return { responses, next: next ? { at: next.at, id: next.id } : null, missing };
}

/**
 * Paging through sorted sets spread over shards (the follow-up queue, the dead letters): each
 * set offers its first entries past a cursor of (score, member); the caller merges them.
 */
import type { Cluster, Redis } from 'ioredis';
import { compareCursors, type FollowUpCursor } from './follow-ups.js';

export interface PageCandidate extends FollowUpCursor {
  shard: number;
}

/** Up to `want` members of one sorted set past the cursor; equal scores are skipped member by member. */
export async function membersPast(
  client: Redis | Cluster,
  key: string,
  shard: number,
  low: string,
  high: string,
  after: FollowUpCursor | null,
  want: number,
): Promise<PageCandidate[]> {
  const found: PageCandidate[] = [];
  for (let offset = 0; found.length < want; offset += want) {
    const flat = await client.zrange(key, low, high, 'BYSCORE', 'LIMIT', offset, want, 'WITHSCORES');
    for (let i = 0; i + 1 < flat.length && found.length < want; i += 2) {
      const candidate = { at: Number(flat[i + 1]), id: flat[i] as string, shard };
      if (!after || compareCursors(candidate, after) > 0) found.push(candidate);
    }
    if (flat.length < want * 2) break;
  }
  return found;
}

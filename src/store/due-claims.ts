/**
 * Taking the earliest due entries of sorted sets spread over shards (the outbox, reminders).
 * Each shard's script takes its own earliest atomically; to make a limit mean "the earliest
 * across every shard", the due times are first peeked on all shards and each shard is asked
 * for only its share of the overall earliest. Another taker racing in between can only make
 * a share smaller, never hand an entry out twice: the take itself stays the atomic script.
 */
import type { Cluster, Redis } from 'ioredis';

export interface DueEntry {
  shard: number;
  member: string;
  due: number;
}

/** Redis's own order of a sorted set: score, then member. */
export function earliestFirst(a: DueEntry, b: DueEntry): number {
  return a.due - b.due || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0);
}

/** How many of the overall `limit` earliest due entries (score ≤ now) each shard holds. */
export async function sharesOfEarliest(
  client: Redis | Cluster,
  sets: readonly { shard: number; key: string }[],
  now: number,
  limit: number,
): Promise<Map<number, number>> {
  if (sets.length === 1) {
    const only = sets[0];
    return new Map(only ? [[only.shard, limit]] : []);
  }
  const peeked = await Promise.all(
    sets.map(async ({ shard, key }) => {
      const flat = await client.zrangebyscore(key, '-inf', now, 'WITHSCORES', 'LIMIT', 0, limit);
      return pairs(flat).map(([member = '', due]) => ({ shard, member, due: Number(due) }));
    }),
  );
  const shares = new Map<number, number>();
  for (const entry of peeked.flat().sort(earliestFirst).slice(0, limit)) {
    shares.set(entry.shard, (shares.get(entry.shard) ?? 0) + 1);
  }
  return shares;
}

/** [a, 1, b, 2] → [[a, 1], [b, 2]]; a script's flat reply read in groups. */
export function pairs(flat: readonly string[], size = 2): string[][] {
  const groups: string[][] = [];
  for (let i = 0; i + size <= flat.length; i += size) groups.push(flat.slice(i, i + size));
  return groups;
}

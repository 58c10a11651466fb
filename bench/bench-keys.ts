/** Removes what a benchmark wrote under its own key prefix, however it ends (SIGINT included). */
import type { Redis } from 'ioredis';

export async function deleteKeysUnder(client: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 10_000);
    cursor = next;
    if (keys.length > 0) deleted += await client.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

/**
 * A random key generated once and kept in the store, for secrets an operator may leave unset
 * (WEBCHAT_SECRET): with Redis every process and every restart gets the same one, so tokens it
 * signed keep verifying; in memory a fresh one per process is all there is to share.
 */
import { randomBytes } from 'node:crypto';
import { RedisStore } from './redis.js';
import type { ConversationStore } from './types.js';

export async function keptSecret(store: ConversationStore, name: string): Promise<string> {
  const fresh = randomBytes(32).toString('hex');
  if (!(store instanceof RedisStore)) return fresh;
  const key = `${store.keys.prefix}secret:${name}`;
  // NX: the first process to start wins; the others read what it wrote.
  await store.client.set(key, fresh, 'NX');
  return (await store.client.get(key)) ?? fresh;
}

/** The store back-ends the contract suite runs against, each isolated under its own key prefix. */
import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { MemoryStore } from '../../src/store/memory.js';
import { openStore } from '../../src/store/open.js';
import { RedisStore } from '../../src/store/redis.js';
import type { ConversationStore } from '../../src/store/types.js';
import { type LocalCluster, startLocalCluster } from './redis-servers.js';

export interface StoreUnderTest {
  store: ConversationStore;
  /** Moves the store's notion of time forward (memory) or waits it out (Redis). */
  passTime(ms: number): Promise<void>;
  cleanUp(): Promise<void>;
}

export function memoryStore(): StoreUnderTest {
  let now = Date.now();
  const store = new MemoryStore(() => now);
  return {
    store,
    passTime: async (ms) => {
      now += ms;
    },
    cleanUp: async () => {},
  };
}

export async function redisStore(url: string, cluster = false): Promise<StoreUnderTest> {
  const prefix = `test:${randomUUID().slice(0, 8)}:`;
  const store = await openStore(loadConfig({ REDIS_URL: url, REDIS_CLUSTER: cluster ? '1' : '' }), prefix);
  if (!(store instanceof RedisStore)) throw new Error('expected a Redis store');
  return {
    store,
    passTime: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    cleanUp: async () => {
      await deleteByPrefix(store.client, prefix);
      await store.close();
    },
  };
}

export async function deleteByPrefix(client: Redis | Cluster, prefix: string): Promise<void> {
  const nodes = 'nodes' in client ? client.nodes('master') : [client];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      // One key at a time: keys of different slots cannot share a DEL in a Cluster.
      for (const key of keys) await node.del(key);
    } while (cursor !== '0');
  }
}

/**
 * The three back-ends a store suite runs on — memory, the Redis on 6379, and a local 3-master
 * Cluster started once for the calling test file — for `describe.each`.
 */
export function allStoreBackends(): [string, () => Promise<StoreUnderTest>][] {
  let cluster: LocalCluster | undefined;
  beforeAll(async () => {
    cluster = await startLocalCluster();
  });
  afterAll(async () => {
    await cluster?.destroy();
  });
  return [
    ['memory', async () => memoryStore()],
    ['single Redis', () => redisStore('redis://127.0.0.1:6379')],
    [
      'Redis Cluster',
      () => {
        if (!cluster) throw new Error('the local cluster did not start');
        return redisStore(cluster.seeds, true);
      },
    ],
  ];
}

/**
 * Opens the store the configuration asks for: memory when REDIS_URL is unset, otherwise a
 * Redis server or Cluster. Start-up waits for Redis a few seconds and then fails with one
 * clear line; later losses are survived (turns answer "try again", the client reconnects).
 */
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { Config } from '../config.js';
import { MemoryStore } from './memory.js';
import { RedisStore } from './redis.js';
import type { ConversationStore } from './types.js';

export class StoreUnavailableError extends Error {
  readonly code = 'store_unavailable';
}

/** Spread over 16 hash tags in a Cluster so people land on every master; one tag is enough otherwise. */
const CLUSTER_SHARDS = 16;
const CONNECT_TIMEOUT_MS = 5000;

/** Fail fast while Redis is away, so a turn answers "try again" instead of hanging; reconnect quietly. */
export const REDIS_CLIENT_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: CONNECT_TIMEOUT_MS,
  commandTimeout: 3000,
  enableAutoPipelining: false,
  retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
};

export async function openStore(config: Config, prefix = config.redisPrefix): Promise<ConversationStore> {
  if (!config.redis) return new MemoryStore();
  const { url, cluster } = config.redis;
  const where = redact(url);
  const client = cluster
    ? new Cluster(
        url.split(',').map((seed) => {
          const [host = '127.0.0.1', port = '6379'] = seed.replace(/^rediss?:\/\//, '').split(':');
          return { host, port: Number(port) };
        }),
        { redisOptions: REDIS_CLIENT_OPTIONS, enableOfflineQueue: false },
      )
    : new Redis(url, { ...REDIS_CLIENT_OPTIONS, lazyConnect: true });
  // An unhandled 'error' event would end the process; the store reports through failed commands instead.
  client.on('error', () => {});
  try {
    await waitUntilReady(client, cluster);
  } catch (error) {
    client.disconnect();
    throw new StoreUnavailableError(`REDIS_URL: cannot reach ${where} (${(error as Error).message})`);
  }
  return new RedisStore(client, {
    prefix,
    shardCount: cluster ? CLUSTER_SHARDS : 1,
    description: cluster ? `Redis Cluster store at ${where}` : `Redis store at ${where}`,
  });
}

async function waitUntilReady(client: Redis | Cluster, cluster: boolean): Promise<void> {
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)),
      CONNECT_TIMEOUT_MS,
    );
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  if (!cluster) await (client as Redis).connect().catch(() => {});
  await ready;
}

/** Hides a password in a redis:// URL before it is logged. */
function redact(url: string): string {
  return url.replace(
    /\/\/([^@/]*)@/,
    (_, auth: string) => `//${auth.includes(':') ? `${auth.split(':')[0]}:***` : '***'}@`,
  );
}

/**
 * Two deployments on one Redis (REDIS_PREFIX, docs/security.md): each has its own survey
 * traffic and its own webhook receiver on 127.0.0.1. With one receiver down, the other
 * deployment delivers only its own events and never claims the waiting ones; when the
 * receiver comes back, its deployment delivers exactly its own.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { InboundEvent } from '../../src/engine/types.js';
import { RedisStore } from '../../src/store/redis.js';

/** A webhook receiver that answers `status()` and keeps the users named by what it accepted. */
class Receiver {
  readonly users: string[] = [];
  refused = 0;
  private server: Server | undefined;

  constructor(public status: number) {}

  async listen(port = 0): Promise<number> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (this.status >= 300) this.refused += 1;
        else {
          const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            data: { user?: string; response?: { user?: string }; followUp?: { user?: string } };
          };
          // Response events carry the response; an escalation under `response`, a follow-up under `followUp`.
          this.users.push(String(event.data.response?.user ?? event.data.followUp?.user ?? event.data.user));
        }
        res.statusCode = this.status;
        res.end();
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

async function deployment(prefix: string, webhookPort: number): Promise<App> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: prefix,
    WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/hook`,
    WEBHOOK_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
  });
  const app = await createApp(config, { retry: { baseMs: 20, maxMs: 100 }, outboxPollMs: 20 });
  await app.listen();
  return app;
}

/**
 * An anonymous detractor who asks to be contacted and keeps it in the chat: four events each
 * (scored, escalation, completed, follow-up opened).
 */
const DETRACTOR: InboundEvent[] = [
  { kind: 'start', touchpoint: 'after-support' },
  { kind: 'text', text: '2' },
  { kind: 'text', text: 'Nobody called back' },
  { kind: 'choice', value: 'service' },
  { kind: 'choice', value: 'yes' },
  { kind: 'text', text: 'skip' },
];

async function answerAs(app: App, user: string): Promise<void> {
  const person = { channel: 'webchat' as const, user, conversation: randomUUID() };
  for (const event of DETRACTOR) await app.engine.handle({ ...person, event });
}

async function deleteKeys(app: App, prefix: string): Promise<void> {
  if (!(app.store instanceof RedisStore)) return;
  const client = app.store.client;
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) await client.del(key);
  } while (cursor !== '0');
}

describe('two deployments sharing one Redis', () => {
  const run = randomUUID().slice(0, 8);
  const prefixes = { a: `test-a-${run}`, b: `test-b-${run}` };
  const apps: App[] = [];
  const receivers: Receiver[] = [];
  afterAll(async () => {
    for (const [app, prefix] of [
      [apps[0], prefixes.a],
      [apps[1], prefixes.b],
    ] as const) {
      if (app) await deleteKeys(app, prefix).catch(() => {});
    }
    await Promise.all(apps.map((app) => app.close()));
    await Promise.all(receivers.map((receiver) => receiver.close()));
  });

  it('keeps every key under its own prefix and delivers only its own events, even with the other receiver down', async () => {
    const downForA = new Receiver(503);
    const upForB = new Receiver(200);
    receivers.push(downForA, upForB);
    const portA = await downForA.listen();
    const portB = await upForB.listen();
    const a = await deployment(prefixes.a, portA);
    const b = await deployment(prefixes.b, portB);
    apps.push(a, b);

    const usersA = ['anon:a1', 'anon:a2', 'anon:a3'].map((u) => `${u}-${run}`);
    const usersB = ['anon:b1', 'anon:b2', 'anon:b3'].map((u) => `${u}-${run}`);
    for (let i = 0; i < 3; i++) {
      await answerAs(a, usersA[i] as string);
      await answerAs(b, usersB[i] as string);
    }

    await expect.poll(() => upForB.users.length, { timeout: 5000 }).toBe(12);
    await expect.poll(() => downForA.refused, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    // B had every chance to claim A's waiting events; it took none.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(upForB.users.sort()).toEqual(usersB.flatMap((user) => [user, user, user, user]).sort());
    expect(await a.events.backlog()).toBe(12);
    expect(await b.events.backlog()).toBe(0);

    // Every key of each deployment carries its prefix, and the default prefix holds none of them.
    if (!(a.store instanceof RedisStore)) throw new Error('expected the Redis store');
    const keysA = await a.store.client.keys(`${prefixes.a}:*`);
    expect(keysA.length).toBeGreaterThan(0);
    const leaked = (await a.store.client.keys('npsbot:*')).filter((key) => key.includes(run));
    expect(leaked).toEqual([]);

    // A's receiver comes back: A delivers its own twelve, B's receiver sees nothing more.
    downForA.status = 200;
    await expect.poll(() => downForA.users.length, { timeout: 5000 }).toBe(12);
    expect(downForA.users.sort()).toEqual(usersA.flatMap((user) => [user, user, user, user]).sort());
    expect(upForB.users).toHaveLength(12);
  });

  it('refuses a prefix that would break the Cluster hash tags', () => {
    expect(() => loadConfig({ REDIS_PREFIX: 'a{b}' })).toThrow(/REDIS_PREFIX/);
    expect(loadConfig({}).redisPrefix).toBe('npsbot:');
    expect(loadConfig({ REDIS_PREFIX: 'shop-eu' }).redisPrefix).toBe('shop-eu:');
  });
});

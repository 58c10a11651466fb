/**
 * What happens when Redis goes away: start-up refuses with one clear line, a turn while it is
 * down gets a polite "try again" and the process stays up, and everything works again by
 * itself once Redis is back. A stored conversation of an unknown shape is reset, not crashed on.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { Engine } from '../../src/engine/engine.js';
import type { Inbound, InboundEvent } from '../../src/engine/types.js';
import { openStore, StoreUnavailableError } from '../../src/store/open.js';
import { RedisStore } from '../../src/store/redis.js';
import { freePort, type RedisProcess, startStandaloneRedis } from '../support/redis-servers.js';
import { testSurvey } from '../support/survey.js';

const survey = testSurvey();
const turn = (conversation: string, event: InboundEvent): Inbound => ({
  channel: 'webchat',
  user: `visitor-${conversation}`,
  conversation,
  event,
});

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never happened: ${what}`);
}

describe('Redis failures', () => {
  let redis: RedisProcess;
  let store: RedisStore;

  beforeAll(async () => {
    redis = await startStandaloneRedis();
    const opened = await openStore(loadConfig({ REDIS_URL: `redis://127.0.0.1:${redis.port}` }));
    if (!(opened instanceof RedisStore)) throw new Error('expected a Redis store');
    store = opened;
  });
  afterAll(async () => {
    await store?.close();
    await redis?.destroy();
  });

  it('refuses to start with one clear line when Redis does not answer', async () => {
    const port = await freePort();
    const opening = openStore(loadConfig({ REDIS_URL: `redis://127.0.0.1:${port}` }));
    await expect(opening).rejects.toThrow(StoreUnavailableError);
    await expect(opening).rejects.toThrow(`REDIS_URL: cannot reach redis://127.0.0.1:${port}`);
  });

  it('answers "try again" while Redis is down and recovers by itself when it is back', async () => {
    const engine = new Engine({ store, survey, newId: randomUUID });
    const id = randomUUID();
    expect((await engine.handle(turn(id, { kind: 'start' }))).status).toBe('ok');

    await redis.stop();
    const during = await engine.handle(turn(id, { kind: 'text', text: '8' }));
    expect(during.status).toBe('unavailable');
    expect(during.messages.map((m) => m.key)).toEqual(['unavailable']);
    expect(await store.canTakeWrites()).toBe(false);

    await redis.start();
    await eventually(() => store.canTakeWrites(), 'the store takes writes again');
    // The restarted server kept nothing on disk, so the person is simply asked again.
    const after = await engine.handle(turn(id, { kind: 'text', text: '8' }));
    expect(after.status).toBe('ok');
  });

  it('starts over when a stored conversation has a shape it does not know', async () => {
    const engine = new Engine({ store, survey, newId: randomUUID });
    const id = randomUUID();
    const inbound = turn(id, { kind: 'text', text: 'hello' });
    await store.client.hset(store.keys.conversation(inbound, id), 'v', '7', 'd', '{"schema":0,"old":true}');
    const reply = await engine.handle(inbound);
    expect(reply.status).toBe('ok');
    expect(reply.messages.map((m) => m.key)).toEqual(['greetingAnonymous', 'scoreQuestion']);
  });
});

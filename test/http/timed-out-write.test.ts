/**
 * A turn whose write timed out but was saved: Redis is frozen (DEBUG SLEEP, on a server of the
 * test's own) just longer than the client's 3 s command timeout while the turn's write is on its
 * way. The write is rejected by the client and then runs when Redis wakes; the turn reads the
 * conversation back, finds itself saved and answers 200 with its reply, not 503. A retry with the
 * same message id gets the same answer, and one response is recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openStore } from '../../src/store/open.js';
import { RedisStore } from '../../src/store/redis.js';
import type { ConversationStore } from '../../src/store/types.js';
import { freezeRedis, type RedisProcess, startFaultyRedis } from '../support/redis-servers.js';

/** Longer than the command timeout (3 s, src/store/open.ts), short enough for the read-back to be answered. */
const FREEZE_SECONDS = 3.6;

/** The real Redis store; its next commit is sent while Redis sleeps, and whether it failed is noted. */
function freezingDuringNextCommit(inner: ConversationStore, port: number) {
  const state = { armed: false, commitFailed: false };
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property !== 'commit') return value.bind(target);
      return async (...args: unknown[]) => {
        if (!state.armed) return value.apply(target, args);
        state.armed = false;
        await freezeRedis(port, FREEZE_SECONDS);
        return (value.apply(target, args) as Promise<unknown>).catch((error: unknown) => {
          state.commitFailed = true;
          throw error;
        });
      };
    },
  });
  return { store, state };
}

describe('a turn whose write timed out while Redis slept', () => {
  let redis: RedisProcess;
  let app: App;
  let inner: ConversationStore;
  beforeAll(async () => {
    redis = await startFaultyRedis();
  });
  afterAll(async () => {
    await app?.close();
    await inner?.close();
    await redis?.destroy();
  });

  it('is answered as saved, and its retry gets the same answer and no second response', async () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      REDIS_URL: `redis://127.0.0.1:${redis.port}`,
      WEBCHAT_SECRET: 'timed-out-write-secret',
    });
    inner = await openStore(config);
    if (!(inner instanceof RedisStore)) throw new Error('expected the Redis store');
    const fault = freezingDuringNextCommit(inner, redis.port);
    app = await createApp(config, { store: fault.store });
    const base = `http://127.0.0.1:${await app.listen()}`;
    const started = await fetch(`${base}/webchat/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const { sessionId, token } = (await started.json()) as { sessionId: string; token: string };
    const send = () =>
      fetch(`${base}/webchat/sessions/${sessionId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ value: 9, clientMessageId: 'score-1' }),
      });

    fault.state.armed = true;
    const answer = await send();
    expect(fault.state.commitFailed).toBe(true);
    expect(answer.status).toBe(200);
    const first = (await answer.json()) as { messages: { id: string; text: string }[] };
    expect(first.messages.length).toBeGreaterThan(0);

    const retry = await send();
    expect(retry.status).toBe(200);
    const again = (await retry.json()) as { messages: { id: string; text: string }[] };
    expect(again.messages.map((m) => [m.id, m.text])).toEqual(first.messages.map((m) => [m.id, m.text]));

    const responses = await inner.listResponses(app.survey.id, {
      from: 0,
      to: Date.now() + 86_400_000,
      limit: 10,
      order: 'asc',
    });
    expect(responses.responses.map((r) => r.score)).toEqual([9]);
  }, 30_000);
});

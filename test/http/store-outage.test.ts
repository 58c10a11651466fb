/**
 * When the store stops answering: /readyz says so, the web chat answers 503 with the polite
 * message and Retry-After, /metrics counts the failures, and once the store is back the same
 * retried message carries on as if nothing had happened (nothing was half-recorded).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { ConversationStore } from '../../src/store/types.js';

/** A real memory store behind a switch: while `down`, every call fails as a lost Redis would. */
function storeWithOutage(): { store: ConversationStore; setDown(down: boolean): void } {
  let down = false;
  const inner = new MemoryStore();
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close') return value;
      return (...args: unknown[]) =>
        down ? Promise.reject(new Error('connection refused (test outage)')) : value.apply(target, args);
    },
  });
  return { store, setDown: (value) => (down = value) };
}

let app: App;
let base: string;
const outage = storeWithOutage();

beforeAll(async () => {
  app = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), { store: outage.store });
  base = `http://127.0.0.1:${await app.listen()}`;
});
afterAll(async () => {
  outage.setDown(false);
  await app?.close();
});

async function post(path: string, body: unknown, token?: string) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

const storeErrors = async () =>
  Number(/^npsbot_store_errors_total (\d+)$/m.exec(await (await fetch(`${base}/metrics`)).text())?.[1]);

describe('a store outage', () => {
  it('is reported, answered politely, counted, and loses nothing', async () => {
    const started = await post('/webchat/sessions', { locale: 'en' });
    expect(started.status).toBe(201);
    const { sessionId, token } = started.json as { sessionId: string; token: string };
    const path = `/webchat/sessions/${sessionId}/messages`;
    const errorsBefore = await storeErrors();

    outage.setDown(true);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ error: 'unavailable', message: 'the store does not take writes' });

    const failed = await post(path, { value: 9, clientMessageId: 'score-1' }, token);
    expect(failed.status).toBe(503);
    expect(failed.json).toMatchObject({ error: 'unavailable', message: expect.stringMatching(/try again/i) });
    expect(Number(failed.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await post('/webchat/sessions', {})).status).toBe(503);
    expect(await storeErrors()).toBe(errorsBefore + 2);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^npsbot_turns_total\{channel="webchat",outcome="unavailable"\} 2$/m);
    // The backlog cannot be read either: the gauge says so with -1 rather than a stale number.
    expect(metrics).toMatch(/^npsbot_webhook_backlog -1$/m);

    outage.setDown(false);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const retried = await post(path, { value: 9, clientMessageId: 'score-1' }, token);
    expect(retried.status).toBe(200);
    expect(retried.json).toMatchObject({ done: false, messages: [{ expects: 'text' }] });
    const { record } = await outage.store.load({
      channel: 'webchat',
      user: `anon:${sessionId}`,
      conversation: sessionId,
    });
    expect(record?.dialog.answers.score).toBe(9);
  });
});

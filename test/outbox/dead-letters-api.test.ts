/**
 * Dead letters through the running app, on memory and on Redis: a receiver that refuses events
 * for good (410) sends them to `GET /api/outbox/dead-letters` (paged, with each one's story);
 * `POST …/:id/retry` delivers one once the receiver takes it; erasing the person removes
 * theirs; /metrics shows the delivery counters; the settings are validated at start.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { documentedFetch } from '../support/api-contract.js';
import { memoryStore, redisStore, type StoreUnderTest } from '../support/stores.js';
import { TestReceiver } from './receiver.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

interface ListedLetter {
  id: string;
  type: string;
  at: string;
  sinks: string[];
  attempts: number;
  lastError: string;
  firstAttemptAt: string;
  lastAttemptAt: string;
  deadAt: string;
}

describe.each([
  ['memory', async () => memoryStore()],
  ['Redis', () => redisStore('redis://127.0.0.1:6379')],
] as const)('dead letters over HTTP on %s', (_name, open) => {
  let subject: StoreUnderTest;
  let app: App;
  let base: string;
  let status = 410;
  const receiver = new TestReceiver(() => status);

  beforeAll(async () => {
    subject = await open();
    const url = await receiver.listen();
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      WEBHOOK_URL: url,
      WEBHOOK_SECRET: SECRET,
    });
    app = await createApp(config, { store: subject.store, retry: { baseMs: 20, maxMs: 40 }, outboxPollMs: 20 });
    base = `http://127.0.0.1:${await app.listen()}`;
  });
  afterAll(async () => {
    await app?.close();
    await receiver.close();
    await subject?.cleanUp();
  });

  const get = async (path: string) => {
    const response = await documentedFetch(`${base}${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const post = async (path: string) => {
    const response = await documentedFetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('lists refused events with their story, pages them, puts one back, and erases a person with theirs', async () => {
    const person = { channel: 'webchat' as const, user: `anon:${randomUUID()}`, conversation: randomUUID() };
    for (const text of ['10', 'skip']) {
      if (text === '10') await app.engine.handle({ ...person, event: { kind: 'start' } });
      await app.engine.handle({ ...person, event: { kind: 'text', text } });
    }
    await expect.poll(() => subject.store.deadLetterCount(), { timeout: 5000 }).toBe(2);
    expect(await subject.store.outboxBacklog()).toBe(0);

    const all = await get('/api/outbox/dead-letters');
    expect(all.status).toBe(200);
    const letters = all.body.deadLetters as ListedLetter[];
    expect(letters.map((letter) => letter.type).sort()).toEqual(['response.completed', 'response.scored']);
    for (const letter of letters) {
      expect(letter).toMatchObject({ sinks: ['webhook'], attempts: 1 });
      expect(letter.lastError).toBe(`webhook: webhook answered 410 for event ${letter.id}`);
      expect(Date.parse(letter.deadAt)).toBeGreaterThanOrEqual(Date.parse(letter.firstAttemptAt));
    }
    expect(all.body.next).toBeUndefined();

    const first = await get('/api/outbox/dead-letters?limit=1');
    expect((first.body.deadLetters as ListedLetter[]).map((l) => l.id)).toEqual([letters[0]?.id]);
    const second = await get(`/api/outbox/dead-letters?limit=1&cursor=${String(first.body.next)}`);
    expect((second.body.deadLetters as ListedLetter[]).map((l) => l.id)).toEqual([letters[1]?.id]);
    expect(second.body.next).toBeUndefined();
    expect(await get('/api/outbox/dead-letters?cursor=nonsense')).toMatchObject({
      status: 400,
      body: { error: 'bad_cursor' },
    });
    expect(await get('/api/outbox/dead-letters?limit=0')).toMatchObject({ status: 400, body: { error: 'bad_filter' } });
    expect(await post('/api/outbox/dead-letters/unknown/retry')).toMatchObject({
      status: 404,
      body: { error: 'dead_letter_not_found' },
    });

    // The receiver is fixed: one letter is put back and delivered once.
    status = 200;
    const [retried, kept] = letters;
    expect(await post(`/api/outbox/dead-letters/${retried?.id}/retry`)).toEqual({
      status: 202,
      body: { id: retried?.id, status: 'queued' },
    });
    await expect.poll(() => receiver.delivered, { timeout: 5000 }).toEqual([retried?.id]);
    expect(((await get('/api/outbox/dead-letters')).body.deadLetters as ListedLetter[]).map((l) => l.id)).toEqual([
      kept?.id,
    ]);

    // Erasure takes the person's dead letter with the rest.
    const erased = await fetch(`${base}/api/people/webchat/${encodeURIComponent(person.user)}`, { method: 'DELETE' });
    expect(((await erased.json()) as { erased: { events: number } }).erased.events).toBe(1);
    expect((await get('/api/outbox/dead-letters')).body.deadLetters).toEqual([]);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('npsbot_outbox_delivery_attempts_total{sink="webhook"} 3');
    expect(metrics).toContain('npsbot_outbox_delivery_failures_total{sink="webhook",reason="refused"} 2');
    expect(metrics).toContain('npsbot_outbox_dead_letters_total{sink="webhook"} 2');
    expect(metrics).toContain('npsbot_outbox_dead_letters 0');
  });
});

describe('outbox settings', () => {
  it('reads them, with the documented defaults', () => {
    expect(loadConfig({}).outbox).toEqual({
      timeoutMs: 10_000,
      concurrency: 16,
      maxAttempts: 100,
      maxAgeMs: 86_400_000,
      retry: { baseMs: 1000, maxMs: 600_000 },
    });
    const set = loadConfig({
      OUTBOX_TIMEOUT_MS: '30000',
      OUTBOX_CONCURRENCY: '4',
      OUTBOX_MAX_ATTEMPTS: '5',
      OUTBOX_MAX_AGE_SECONDS: '3600',
      OUTBOX_RETRY_BASE_MS: '500',
      OUTBOX_RETRY_MAX_MS: '5000',
    }).outbox;
    expect(set).toEqual({
      timeoutMs: 30_000,
      concurrency: 4,
      maxAttempts: 5,
      maxAgeMs: 3_600_000,
      retry: { baseMs: 500, maxMs: 5000 },
    });
  });

  it.each([
    ['OUTBOX_TIMEOUT_MS', '10s', 'OUTBOX_TIMEOUT_MS: expected a whole number from 100 to 300000'],
    ['OUTBOX_TIMEOUT_MS', '50', 'OUTBOX_TIMEOUT_MS: expected a whole number from 100 to 300000'],
    ['OUTBOX_CONCURRENCY', '0', 'OUTBOX_CONCURRENCY: expected a whole number from 1 to 256'],
    ['OUTBOX_MAX_ATTEMPTS', '-1', 'OUTBOX_MAX_ATTEMPTS: expected a whole number from 1 to 10000'],
    ['OUTBOX_MAX_AGE_SECONDS', '1.5', 'OUTBOX_MAX_AGE_SECONDS: expected a whole number from 1 to 2592000'],
    ['OUTBOX_RETRY_MAX_MS', '20', 'OUTBOX_RETRY_MAX_MS: must not be below OUTBOX_RETRY_BASE_MS'],
  ])('refuses %s=%s with one line', (name, value, line) => {
    expect(() => loadConfig({ [name]: value })).toThrow(line);
  });
});

/**
 * Anonymous web chat sessions (`anon:<sessionId>`) keep nothing past their conversation's
 * expiry: a flood of sessions that never answer leaves no key without a time to live, apart
 * from the survey's shared day counters.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { RedisStore } from '../../src/store/redis.js';
import { redisStore, type StoreUnderTest } from '../support/stores.js';
import { testSurvey } from '../support/survey.js';

describe('anonymous web chat sessions on Redis', () => {
  let subject: StoreUnderTest;
  beforeAll(async () => {
    subject = await redisStore('redis://127.0.0.1:6379');
  });
  afterAll(async () => {
    await subject.cleanUp();
  });

  it('1,000 sessions that never answer leave no key without a TTL; one that answers keeps only its response', async () => {
    const store = subject.store;
    if (!(store instanceof RedisStore)) throw new Error('expected Redis');
    const engine = new Engine({ store, survey: testSurvey(), newId: randomUUID });
    const start = (session: string) =>
      engine.handle({ channel: 'webchat', user: `anon:${session}`, conversation: session, event: { kind: 'start' } });
    const sessions = Array.from({ length: 1000 }, () => randomUUID());
    for (let i = 0; i < sessions.length; i += 50) await Promise.all(sessions.slice(i, i + 50).map(start));
    const answering = randomUUID();
    await start(answering);
    await engine.handle({
      channel: 'webchat',
      user: `anon:${answering}`,
      conversation: answering,
      event: { kind: 'text', text: '9' },
    });

    const kept: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await store.client.scan(cursor, 'MATCH', `${store.keys.prefix}*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) if ((await store.client.pttl(key)) === -1) kept.push(key.slice(store.keys.prefix.length));
    } while (cursor !== '0');
    const withoutRollups = kept.filter((key) => !/:rollup:/.test(key)).sort();
    expect(withoutRollups.filter((key) => sessions.some((session) => key.includes(session)))).toEqual([]);
    // The answer is kept for the reports — the response, its place in the log, what it counted, the index
    // to erase it — and its scored event waits in the shared outbox.
    expect(new Set(withoutRollups.map((key) => key.replace(/^\{p:s\d+\}:/, '').split(':')[0]))).toEqual(
      new Set(['counted', 'index', 'resp', 'responses', 'outbox']),
    );
    expect(kept.filter((key) => /:rollup:/.test(key)).length).toBeLessThanOrEqual(2);
  });
});

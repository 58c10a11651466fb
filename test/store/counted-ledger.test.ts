/**
 * What a response counted is kept with it under short names (`<day>|<field>`, the survey being
 * the response's), so the ledger stays a Redis listpack; ledgers written before named each
 * change `["<survey>","<day>","<field>"]` and must still be taken back by an erasure.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { InboundEvent } from '../../src/engine/types.js';
import { RedisStore } from '../../src/store/redis.js';
import { parseCountedField } from '../../src/store/schemas.js';
import { redisStore, type StoreUnderTest } from '../support/stores.js';
import { testSurvey } from '../support/survey.js';

describe('the names a counted ledger keeps', () => {
  it.each([
    {
      name: '2026-03-01|score|slack||9',
      surveyId: 's1',
      read: { surveyId: 's1', day: '2026-03-01', field: 'score|slack||9' },
    },
    {
      name: '["old","2026-03-01","sent|teams|"]',
      surveyId: 's1',
      read: { surveyId: 'old', day: '2026-03-01', field: 'sent|teams|' },
    },
    { name: '2026-03-01|sent|slack|', surveyId: undefined, read: null },
    { name: 'score|slack||9', surveyId: 's1', read: null },
    { name: '["only","two"]', surveyId: 's1', read: null },
  ])('reads $name of survey $surveyId', ({ name, surveyId, read }) => {
    expect(parseCountedField(name, surveyId)).toEqual(read);
  });
});

describe('a counted ledger on Redis', () => {
  let subject: StoreUnderTest;
  let store: RedisStore;
  beforeAll(async () => {
    subject = await redisStore('redis://127.0.0.1:6379');
    if (!(subject.store instanceof RedisStore)) throw new Error('expected a Redis store');
    store = subject.store;
  });
  afterAll(async () => {
    await subject.cleanUp();
  });

  async function answer(surveyId: string) {
    const survey = testSurvey({ id: surveyId });
    const engine = new Engine({ store, survey, newId: randomUUID });
    const person = { channel: 'slack' as const, user: `U-${randomUUID()}` };
    const say = (event: InboundEvent) =>
      engine.handle({ ...person, conversation: 'd1', messageId: randomUUID(), event });
    await say({ kind: 'start', touchpoint: 'checkout', properties: { plan: 'pro' } });
    await say({ kind: 'text', text: '3' });
    await say({ kind: 'text', text: 'Support was slow and the app crashed' });
    const [responseId] = (await store.client.smembers(store.keys.personIndex(person)))
      .filter((member) => member.startsWith('r:'))
      .map((member) => member.slice(2));
    if (!responseId)
      throw new Error(
        `the answer left no response: ${JSON.stringify(await (store.client as Redis).keys(`*${person.user}*`))} ${store.keys.personIndex(person)}`,
      );
    return { survey, person, ledger: store.keys.counted(person, responseId) };
  }

  it('takes back a ledger written in the older, survey-naming format', async () => {
    const surveyId = `ledger-${randomUUID()}`;
    const days = [new Date().toISOString().slice(0, 10)];
    const before = await store.readRollups(surveyId, days);
    const { person, ledger } = await answer(surveyId);
    expect(await store.readRollups(surveyId, days)).not.toEqual(before);
    // Rewrite the ledger as an earlier version stored it.
    const counts = await store.client.hgetall(ledger);
    const rewritten = Object.entries(counts).flatMap(([name, count]) => {
      const at = parseCountedField(name, surveyId);
      if (!at) throw new Error(`unreadable ledger name ${name}`);
      return [JSON.stringify([at.surveyId, at.day, at.field]), count];
    });
    await store.client
      .multi()
      .del(ledger)
      .hset(ledger, ...rewritten)
      .exec();

    expect(await store.erase(person, [])).toMatchObject({ responses: 1 });
    expect(await store.readRollups(surveyId, days)).toEqual(before);
  });

  it('keeps short names, a listpack', async () => {
    const { ledger } = await answer(`ledger-${randomUUID()}`);
    const names = Object.keys(await store.client.hgetall(ledger));
    expect(names.length).toBeGreaterThan(2);
    for (const name of names) expect(name).toMatch(/^\d{4}-\d{2}-\d{2}\|/);
    expect(await (store.client as Redis).object('ENCODING', ledger)).toBe('listpack');
  });
});

/**
 * Closing the loop on a shared Redis, with two bot instances where it matters: 200 promoters
 * racing for 150 reward codes, reminders sent once with two schedulers, and an erasure that
 * leaves nothing of the person behind.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { InboundEvent, OutboundMessage } from '../../src/engine/types.js';
import { type ProactiveChannel, ProactiveChannels } from '../../src/proactive.js';
import { ReminderScheduler } from '../../src/scheduler/reminders.js';
import { RedisStore } from '../../src/store/redis.js';
import { redisStore, type StoreUnderTest } from '../support/stores.js';
import { testSurvey } from '../support/survey.js';

const HOUR = 3_600_000;
let subject: StoreUnderTest;
let store: RedisStore;

beforeAll(async () => {
  subject = await redisStore('redis://127.0.0.1:6379');
  if (!(subject.store instanceof RedisStore)) throw new Error('expected Redis');
  store = subject.store;
});
afterAll(async () => {
  await subject?.cleanUp();
});

const text = (t: string): InboundEvent => ({ kind: 'text', text: t });

describe('reward codes', () => {
  it('gives 150 codes to 200 promoters answering at once on two instances, and tells the other 50 politely', async () => {
    const codes = Array.from({ length: 150 }, (_, i) => `RACE-${i}`);
    const survey = testSurvey({ id: `race-${randomUUID().slice(0, 6)}`, reward: { codes } });
    await store.addRewardCodes(survey.id, codes);
    const engines = [0, 1].map(() => new Engine({ store, survey, newId: randomUUID }));
    const finals = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const engine = engines[i % 2] as Engine;
        const person = { channel: 'slack' as const, user: `U${i}`, conversation: `D${i}` };
        await engine.handle({ ...person, event: { kind: 'start' } });
        await engine.handle({ ...person, event: text('10') });
        return engine.handle({ ...person, event: text('Great support') });
      }),
    );
    const given = finals.flatMap((final) =>
      final.messages.filter((m) => m.key === 'rewardCode').map((m) => m.text.split(': ')[1]),
    );
    expect(given).toHaveLength(150);
    expect(new Set(given).size).toBe(150);
    expect(given.every((code) => codes.includes(code ?? ''))).toBe(true);
    expect(finals.filter((final) => final.messages.some((m) => m.key === 'rewardExhausted'))).toHaveLength(50);
  });
});

describe('reminders', () => {
  it('reminds each silent bot-started survey once, with two schedulers running', async () => {
    const survey = testSurvey({ id: `remind-${randomUUID().slice(0, 6)}`, reminderHours: 24 });
    const clock = { now: Date.now() };
    const delivered: { user: string; messages: OutboundMessage[] }[] = [];
    const channel: ProactiveChannel = {
      channel: 'teams',
      unreachable: 'no_reference',
      startSurvey: async () => 'sent',
      deliver: async (target, messages) => {
        delivered.push({ user: target.user, messages });
        return true;
      },
    };
    const schedulers = [0, 1].map(() => {
      const engine = new Engine({ store, survey, newId: randomUUID, clock: () => clock.now });
      const channels = new ProactiveChannels();
      channels.register(channel);
      return {
        engine,
        scheduler: new ReminderScheduler({
          store,
          engine,
          channels,
          logger: pino({ level: 'silent' }),
          clock: () => clock.now,
        }),
      };
    });
    const [a] = schedulers;
    if (!a) throw new Error('no scheduler');
    const tag = randomUUID().slice(0, 6);
    const person = (i: number) => ({
      channel: 'teams' as const,
      user: `aad-${tag}-${i}`,
      conversation: `conv-${tag}-${i}`,
    });
    for (let i = 0; i < 20; i++) await a.engine.handle({ ...person(i), event: { kind: 'start', startedBy: 'bot' } });
    // One answers in time, one started the survey themselves: neither is reminded.
    await a.engine.handle({ ...person(0), event: text('7') });
    await a.engine.handle({ ...person(99), event: { kind: 'start', startedBy: 'user' } });

    clock.now += 23 * HOUR;
    expect(await Promise.all(schedulers.map(({ scheduler }) => scheduler.runOnce()))).toEqual([0, 0]);

    clock.now += 2 * HOUR;
    const sent = await Promise.all(schedulers.map(({ scheduler }) => scheduler.runOnce()));
    expect((sent[0] ?? 0) + (sent[1] ?? 0)).toBe(19);
    const mine = delivered.filter((d) => d.user.startsWith(`aad-${tag}-`));
    expect(new Set(mine.map((d) => d.user)).size).toBe(19);
    expect(mine.map((d) => d.user)).not.toContain(`aad-${tag}-0`);
    expect(mine[0]?.messages.map((m) => m.key)).toEqual(['reminder', 'scoreQuestion']);

    clock.now += 24 * HOUR;
    expect(await Promise.all(schedulers.map(({ scheduler }) => scheduler.runOnce()))).toEqual([0, 0]);
  });
});

describe('erasure', () => {
  it('leaves nothing of the person behind and takes their answers out of the reports', async () => {
    const survey = testSurvey({ id: `erase-${randomUUID().slice(0, 6)}`, segments: ['plan'] });
    const engine = new Engine({ store, survey, newId: randomUUID });
    const user = `U-erase-${randomUUID().slice(0, 8)}`;
    const person = { channel: 'slack' as const, user };
    const day = new Date().toISOString().slice(0, 10);
    for (const [conversation, score] of [
      ['D1', '3'],
      ['D2', '9'],
    ] as const) {
      await engine.handle({
        ...person,
        conversation,
        event: { kind: 'start', startedBy: 'bot', properties: { plan: 'pro' } },
      });
      await engine.handle({ ...person, conversation, event: text(score) });
      await engine.handle({ ...person, conversation, event: text('My reason') });
      if (score === '3') {
        await engine.handle({ ...person, conversation, event: { kind: 'choice', value: 'price' } });
        await engine.handle({ ...person, conversation, event: { kind: 'choice', value: 'yes' } });
      }
    }
    await store.putReference(person, { conversation: { id: 'D1' } });
    const counted = [...((await store.readRollups(survey.id, [day])).get(day)?.keys() ?? [])];
    // The detractor's follow-up is counted too (docs/reports.md, "Follow-up figures").
    expect(counted.filter((field) => field.startsWith('fu|opened|'))).toHaveLength(1);

    const report = await store.erase(person, survey.segments);
    expect(report.conversations).toBe(2);
    expect(report.responses).toBe(2);
    expect(report.events).toBeGreaterThan(0);

    expect(await keysMentioning(user)).toEqual([]);
    const counters = (await store.readRollups(survey.id, [day])).get(day);
    expect([...(counters?.entries() ?? [])].filter(([field]) => !field.startsWith('sent|'))).toEqual([]);
  });
});

/** Scans every key of this test's prefix, of every type, for the text. */
async function keysMentioning(needle: string): Promise<string[]> {
  const client = store.client as Redis;
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${store.keys.prefix}*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const type = await client.type(key);
      const content =
        type === 'string'
          ? [await client.get(key)]
          : type === 'hash'
            ? Object.entries(await client.hgetall(key)).flat()
            : type === 'set'
              ? await client.smembers(key)
              : type === 'zset'
                ? await client.zrange(key, '0', '-1')
                : type === 'list'
                  ? await client.lrange(key, 0, -1)
                  : [];
      if (key.includes(needle) || content.some((value) => value?.includes(needle))) found.push(key);
    }
  } while (cursor !== '0');
  return found;
}

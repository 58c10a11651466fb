/**
 * Two faults on a private redis-server while the app runs (docs/operations.md): Redis out of
 * memory under noeviction makes /readyz 503 (a PING still answers), and a wiped store
 * (FLUSHDB, as a restart without persistence leaves it) is reported once — an error line, a
 * `store.wiped` event through the outbox, `npsbot_store_wiped_total` — and no reward code is
 * handed out afterwards.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventSink } from '../../src/outbox/sink.js';
import type { OutgoingEvent } from '../../src/store/types.js';
import { type RedisProcess, startStandaloneRedis } from '../support/redis-servers.js';
import { type Booted, bootOn, metric, promoterEnding } from './support.js';

let redis: RedisProcess;
let admin: Redis;
beforeAll(async () => {
  redis = await startStandaloneRedis();
  admin = new Redis(redis.url);
});
afterAll(async () => {
  admin?.disconnect();
  await redis?.destroy();
});

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never happened: ${what}`);
}

describe('Redis out of memory under noeviction', () => {
  let booted: Booted;
  beforeAll(async () => {
    booted = await bootOn(redis);
  });
  afterAll(async () => {
    await admin.config('SET', 'maxmemory', '0');
    await booted?.app.close();
  });

  it('makes /readyz 503 while turns cannot be written, and 200 again once they can', async () => {
    expect((await fetch(`${booted.base}/readyz`)).status).toBe(200);
    // Any limit below what the server holds: every write is refused with OOM, PING still answers.
    await admin.config('SET', 'maxmemory', '1');
    expect(await admin.ping()).toBe('PONG');
    const ready = await fetch(`${booted.base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ error: 'unavailable', message: 'the store does not take writes' });
    const started = await fetch(`${booted.base}/webchat/sessions`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(started.status).toBe(503);

    await admin.config('SET', 'maxmemory', '0');
    expect((await fetch(`${booted.base}/readyz`)).status).toBe(200);
  });
});

describe('a store wiped while the app runs', () => {
  let booted: Booted;
  const delivered: OutgoingEvent[] = [];
  const sink: EventSink = {
    name: 'test-listener',
    accepts: () => true,
    deliver: async (event) => {
      delivered.push(event);
    },
  };
  beforeAll(async () => {
    booted = await bootOn(redis, { storeWatchMs: 25, outboxPollMs: 25 });
    booted.app.events.add(sink);
  });
  afterAll(async () => {
    await booted?.app.close();
  });

  it('is logged at error, raised as store.wiped, counted, and no reward code is issued after it', async () => {
    expect(await promoterEnding(booted.app)).toContain('rewardCode');
    expect(await metric(booted.base, 'npsbot_store_wiped_total')).toBe(0);

    await admin.flushdb();
    await eventually(
      () => metric(booted.base, 'npsbot_store_wiped_total'),
      (n) => n === 1,
      'the wipe is counted',
    );
    const errors = booted.log.errors().filter((line) => line.msg.startsWith('the store was wiped'));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toMatch(/identity .+ is gone; .*reward codes are withheld until this process restarts/);

    const wiped = await eventually(
      async () => delivered.filter((event) => event.type === 'store.wiped'),
      (events) => events.length > 0,
      'the store.wiped event is delivered',
    );
    expect(wiped).toHaveLength(1);
    expect(wiped[0]?.data).toMatchObject({ lostIdentity: { id: expect.any(String) }, foundIdentity: null });

    // The refilled pool would hold codes already given; none is handed out until a restart.
    await booted.app.store.addRewardCodes(booted.app.survey.id, booted.app.survey.reward.codes);
    const after = await promoterEnding(booted.app);
    expect(after).toContain('promoterThanks');
    expect(after).not.toContain('rewardCode');
    expect(await metric(booted.base, 'npsbot_reward_codes_withheld_total')).toBe(1);
    const ready = await (await fetch(`${booted.base}/readyz`)).json();
    expect(ready).toMatchObject({ status: 'degraded', reasons: expect.arrayContaining(['store_wiped']) });
    // Noticed once: later checks neither log nor count it again.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await metric(booted.base, 'npsbot_store_wiped_total')).toBe(1);
    expect(booted.log.errors().filter((line) => line.msg.startsWith('the store was wiped'))).toHaveLength(1);
  });
});

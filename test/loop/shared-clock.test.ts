/**
 * Two bots on one Redis, one of them on a host whose clock is 25 hours ahead
 * (NPSBOT_CLOCK_OFFSET_MS): with the clock they share (Redis TIME, src/clock.ts) every webhook
 * event is delivered once, although the receiver is slow enough for both to be polling while
 * the other holds leases, and every response is counted under the day Redis says it is.
 * Before, the skewed bot saw every lease as long expired and took the events again.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { dayOf } from '../../src/engine/response.js';
import { RedisStore } from '../../src/store/redis.js';
import { deleteByPrefix } from '../support/stores.js';

const AHEAD_MS = 25 * 3_600_000;
const CONVERSATIONS = 12;

/** A receiver that answers each delivery after `delayMs`, counting deliveries per event id. */
async function slowReceiver(delayMs: number) {
  const deliveries = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { id } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string };
      deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
      setTimeout(() => res.end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    deliveries,
    port: (server.address() as AddressInfo).port,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('two processes whose clocks disagree by 25 hours', () => {
  const prefix = `test-clock-${randomUUID().slice(0, 8)}`;
  const apps: App[] = [];
  afterAll(async () => {
    const store = apps[0]?.store;
    if (store instanceof RedisStore) await deleteByPrefix(store.client, `${prefix}:`);
    await Promise.all(apps.map((app) => app.close()));
  });

  it('deliver each event once and count every response under the shared day', async () => {
    const receiver = await slowReceiver(300);
    const env = (offset: number) =>
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        REDIS_URL: 'redis://127.0.0.1:6379',
        REDIS_PREFIX: prefix,
        WEBHOOK_URL: `http://127.0.0.1:${receiver.port}/npsbot`,
        WEBHOOK_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
        NPSBOT_CLOCK_OFFSET_MS: String(offset),
      });
    const onTime = await createApp(env(0), { outboxPollMs: 1000 });
    const ahead = await createApp(env(AHEAD_MS), { outboxPollMs: 40 });
    apps.push(onTime, ahead);
    await Promise.all(apps.map((app) => app.listen()));
    const firstDay = dayOf(Date.now());

    // Each conversation is started by one bot and scored (its events raised) by the other: first
    // the skewed one scores, then the on-time one, while the skewed one has nothing of its own to
    // deliver and polls — the moment it would take leases that are not its own.
    const conversations = async (count: number, starter: App, scorer: App) => {
      await Promise.all(
        Array.from({ length: count }, async (_, i) => {
          const person = { channel: 'webchat' as const, user: `anon:${randomUUID()}`, conversation: randomUUID() };
          await starter.engine.handle({ ...person, event: { kind: 'start' } });
          await scorer.engine.handle({ ...person, event: { kind: 'text', text: String(i % 11) } });
        }),
      );
      await expect.poll(() => onTime.events.backlog(), { timeout: 15_000, interval: 100 }).toBe(0);
    };
    await conversations(CONVERSATIONS / 3, onTime, ahead);
    await conversations((CONVERSATIONS * 2) / 3, ahead, onTime);
    // Long enough for a second taker to show up, had any lease looked expired to it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await receiver.close();

    expect(receiver.deliveries.size).toBeGreaterThanOrEqual(CONVERSATIONS);
    expect([...receiver.deliveries.values()].filter((times) => times > 1)).toEqual([]);

    const days = [...new Set([firstDay, dayOf(Date.now())])];
    const counted = await onTime.store.readRollups(onTime.survey.id, days);
    const answered = [...counted.values()]
      .flatMap((bucket) => [...bucket])
      .filter(([field]) => field.startsWith('answered|'))
      .reduce((sum, [, count]) => sum + count, 0);
    expect(answered).toBe(CONVERSATIONS);
    const skewedDay = dayOf(Date.now() + AHEAD_MS);
    expect(await onTime.store.readRollups(onTime.survey.id, [skewedDay])).toEqual(new Map());
  }, 30_000);
});

describe('NPSBOT_CLOCK_OFFSET_MS', () => {
  it.each([
    ['90000000', 90_000_000],
    ['-1500', -1500],
    ['', 0],
  ])('%j shifts the clock by %d ms', (value, offset) => {
    expect(loadConfig({ NPSBOT_CLOCK_OFFSET_MS: value }).clockOffsetMs).toBe(offset);
  });

  it.each(['1.5', 'soon', String(31 * 86_400_000)])('refuses %j, naming the variable', (value) => {
    expect(() => loadConfig({ NPSBOT_CLOCK_OFFSET_MS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ NPSBOT_CLOCK_OFFSET_MS: value })).toThrow(/^NPSBOT_CLOCK_OFFSET_MS: /);
  });
});

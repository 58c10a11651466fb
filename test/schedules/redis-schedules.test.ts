/**
 * A quarterly survey of a 250-person Slack channel (three pages of members) on a private Redis,
 * with two bot processes, a simulated clock and the fake Slack Web API: each person gets one
 * DM over the week's spread, never in their quiet hours, nobody opted out or throttled is
 * asked, a person who joins mid-wave is included — and a process frozen mid-wave (stopped
 * without any clean-up) and a Redis restart that wipes everything change none of that. The
 * next wave starts on time.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { isQuiet } from '../../src/schedules/calendar.js';
import { openStore } from '../../src/store/open.js';
import type { RedisStore } from '../../src/store/redis.js';
import { FakeSlackApi } from '../slack/fake-slack-api.js';
import { type RedisProcess, startStandaloneRedis } from '../support/redis-servers.js';
import {
  customerSurvey,
  fillChannel,
  localMinutesIn,
  prepareRefusals,
  QUIET,
  questionsSent,
  SimulatedClock,
  startBot,
  WAVE_START,
} from './support.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const STEP = 10 * 60_000;

let redis: RedisProcess;
const clock = new SimulatedClock(WAVE_START - 10 * DAY);
const slack = new FakeSlackApi({}, clock.read);
const apps: App[] = [];

async function redisStore(prefix: string): Promise<RedisStore> {
  return (await openStore(loadConfig({ REDIS_URL: `redis://127.0.0.1:${redis.port}` }), prefix)) as RedisStore;
}

beforeAll(async () => {
  redis = await startStandaloneRedis();
  await slack.start();
});
afterAll(async () => {
  for (const app of apps) await app.close().catch(() => {});
  await slack.stop();
  await redis.destroy();
});

describe('a quarterly Slack survey on Redis, two processes', () => {
  it('sends 250 DMs, not 500, through a frozen process and a Redis restart; the next wave starts on time', async () => {
    const channel = fillChannel(slack, 249);
    const prefix = `sched:${randomUUID().slice(0, 8)}:`;
    const survey = customerSurvey();
    const storeA = await redisStore(prefix);
    const storeB = await redisStore(prefix);
    const a = await startBot(slack, clock, survey, storeA);
    const b = await startBot(slack, clock, survey, storeB);
    apps.push(a, b);
    await prepareRefusals(a, channel, clock);
    expect((await storeA.person({ channel: 'slack', user: channel.optedOut[0] as string })).optedOut).toBe(true);

    clock.now = WAVE_START;
    let aAlive = true;
    let frozen = false;
    const step = async () => {
      const ticks = [b.schedules.runOnce()];
      if (aAlive) ticks.unshift(a.schedules.runOnce());
      await Promise.all(ticks);
      clock.advance(STEP);
    };
    // A process that freezes mid-wave: its pauses never end and its connection is cut, as if killed.
    const frozenSleep = a.schedules as unknown as { options: { sleep: (ms: number) => Promise<void> } };
    const pace = frozenSleep.options.sleep;
    frozenSleep.options.sleep = (ms) => (frozen ? new Promise(() => {}) : pace(ms));

    while (clock.now < WAVE_START + 2 * DAY) await step();
    const beforeFreeze = questionsSent(slack, WAVE_START).size;
    expect(beforeFreeze).toBeGreaterThan(0);
    frozen = true;
    // Its next tick hangs at the first pause, holding the wave's lease; nobody waits for it.
    void a.schedules.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 200));
    aAlive = false;
    storeA.client.disconnect();

    while (clock.now < WAVE_START + 3 * DAY) await step();
    slack.channelMembers.get('C0CUSTOMER')?.push('UNEW');
    slack.people.UNEW = { name: 'New', locale: 'en-US', tz: 'Europe/Paris' };

    while (clock.now < WAVE_START + 4 * DAY) await step();
    // Redis restarts and, keeping nothing on disk, comes back empty.
    const beforeRestart = questionsSent(slack, WAVE_START).size;
    await redis.stop();
    await step();
    await redis.start();
    await new Promise((resolve) => setTimeout(resolve, 2500));

    while (clock.now < WAVE_START + 8 * DAY) await step();
    const sent = questionsSent(slack, WAVE_START, WAVE_START + 90 * DAY);
    expect(beforeRestart).toBeLessThan(250);
    expect(beforeRestart).toBeGreaterThan(beforeFreeze);
    expect(sent.size).toBe(250);
    expect([...sent.values()].every((count) => count === 1)).toBe(true);
    expect(sent.has('UNEW')).toBe(true);
    for (const user of [...channel.optedOut, ...channel.throttled, ...channel.others])
      expect(sent.has(user)).toBe(false);

    // Nobody was messaged in their quiet hours (their own zone from users.info).
    for (const call of slack.calls) {
      if (call.method !== 'chat.postMessage' || call.at < WAVE_START) continue;
      const user = String(call.args.channel).slice(1);
      const zone = slack.people[user]?.tz ?? 'UTC';
      expect(isQuiet(localMinutesIn(call.at, zone), QUIET), `${user} at ${new Date(call.at).toISOString()}`).toBe(
        false,
      );
    }
    // Three pages of members each time the leader read the channel.
    const pages = slack.calls.filter((call) => call.method === 'conversations.members');
    expect(pages.slice(0, 3).map((call) => call.args.cursor ?? null)).toEqual([null, '100', '200']);

    // The next wave: nothing before its start, and its first DMs soon after.
    const nextWave = WAVE_START + 90 * DAY;
    clock.now = nextWave - HOUR;
    await b.schedules.runOnce();
    expect(questionsSent(slack, WAVE_START + 8 * DAY).size).toBe(0);
    clock.now = nextWave;
    while (clock.now < nextWave + 12 * HOUR) await step();
    const secondWave = questionsSent(slack, nextWave);
    expect(secondWave.size).toBeGreaterThan(0);
    const first = Math.min(
      ...slack.calls.filter((c) => c.at >= nextWave && c.method === 'chat.postMessage').map((c) => c.at),
    );
    expect(first - nextWave).toBeLessThanOrEqual(12 * HOUR);
    const progress = await storeB.readWave('customers:2026-04-05');
    expect(progress?.startedAt).toBe(nextWave);
  }, 120_000);
});

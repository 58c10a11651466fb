/**
 * A schedule on the in-memory store (one process): `spreadDays: 0` sends the wave at once;
 * `GET /api/schedules`, /metrics and the summary filtered to the wave report what it did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { FakeSlackApi } from '../slack/fake-slack-api.js';
import { documentedFetch } from '../support/api-contract.js';
import { customerSurvey, fillChannel, questionsSent, SimulatedClock, startBot, WAVE_START } from './support.js';

const clock = new SimulatedClock(WAVE_START);
const slack = new FakeSlackApi({}, clock.read);
let app: App;
let base: string;

beforeAll(async () => {
  await slack.start();
  fillChannel(slack, 20);
  app = await startBot(slack, clock, customerSurvey({ spreadDays: 0, quietHours: undefined }));
  base = `http://127.0.0.1:${await app.listen()}`;
});
afterAll(async () => {
  await app?.close();
  await slack.stop();
});

describe('a schedule on the memory store', () => {
  it('sends a whole wave at once with spreadDays 0 and reports it per wave', async () => {
    await app.schedules.runOnce(); // records the new wave, then holds for two ticks
    clock.advance(20 * 60_000);
    await app.schedules.runOnce();
    const sent = questionsSent(slack, WAVE_START);
    expect(sent.size).toBe(26); // 20 people, the 3 who opted out and 3 throttled are not known to this store
    await app.schedules.runOnce();
    expect(questionsSent(slack, WAVE_START).size).toBe(26);

    for (const user of [...sent.keys()].slice(0, 5)) {
      await app.engine.handle({
        channel: 'slack',
        user,
        conversation: `D${user}`,
        event: { kind: 'choice', value: 9 },
      });
    }
    const schedules = (await (await documentedFetch(`${base}/api/schedules`)).json()) as unknown[];
    expect(schedules).toEqual([
      {
        id: 'customers',
        nextWaveAt: '2026-04-05T00:00:00.000Z',
        wave: {
          id: 'customers:2026-01-05',
          startedAt: '2026-01-05T00:00:00.000Z',
          audience: 26,
          sent: 26,
          answered: 5,
        },
      },
    ]);
    const summary = (await (
      await documentedFetch(`${base}/api/reports/summary?wave=customers:2026-01-05&from=2026-01-01`)
    ).json()) as { total: number; nps: number; responseRate: unknown };
    expect(summary.total).toBe(5);
    expect(summary.nps).toBe(100);
    expect(summary.responseRate).toEqual({ sent: 26, answered: 5, completed: 0 });
    const other = (await (
      await documentedFetch(`${base}/api/reports/summary?wave=customers:2025-10-07&from=2026-01-01`)
    ).json()) as {
      total: number;
      responseRate: unknown;
    };
    expect(other.responseRate).toEqual({ sent: 0, answered: 0, completed: 0 });
    const metrics = await (await documentedFetch(`${base}/metrics`)).text();
    expect(metrics).toContain('npsbot_schedule_wave_sent{schedule="customers"} 26');
    expect(metrics).toContain('npsbot_schedule_wave_answered{schedule="customers"} 5');
    expect(metrics).toContain('npsbot_schedule_surveys_total{schedule="customers",outcome="sent"} 26');
    expect(metrics).toContain(
      `npsbot_schedule_next_wave_timestamp_seconds{schedule="customers"} ${Date.parse('2026-04-05') / 1000}`,
    );
  });
});

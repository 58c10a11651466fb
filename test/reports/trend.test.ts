/**
 * GET /api/reports/trend: periods by day, ISO week and month, NPS with its interval and margin
 * per period, and the two-sample test on the change (adjusted shares) — checked against
 * figures worked out separately.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summariseScores } from '../../src/nps.js';
import { compareNps, isoWeek } from '../../src/reports/trend.js';
import type { StoreUnderTest } from '../support/stores.js';
import { allStoreBackends } from '../support/stores.js';
import { testSurvey } from '../support/survey.js';
import { answerAll, answers, type Running, startApp } from './support.js';

const survey = testSurvey({ id: 'trend-test', reward: { codes: [] } });

/** A summary with the given counts of detractors (score 3), passives (7) and promoters (9). */
function mix(detractors: number, passives: number, promoters: number) {
  const counts = new Array<number>(11).fill(0);
  counts[3] = detractors;
  counts[7] = passives;
  counts[9] = promoters;
  return { ...summariseScores(counts), responseRate: { sent: 0, answered: 0, completed: 0 } };
}

/**
 * z = (c₂ − c₁) / √(SE₁² + SE₂²) on the adjusted shares p′ = (P + ¾)/(n + 3), d′ = (D + ¾)/(n + 3):
 * c = (p′ − d′)·100, SE = √((p′ + d′ − (p′ − d′)²)/(n + 3))·100. Expected z worked out separately;
 * the change shown is the plain ΔNPS.
 */
describe('the significance of a change in NPS', () => {
  it.each([
    // before [D, Pa, P], after [D, Pa, P], ΔNPS, z, significant
    ['12 → 50 on 100 each: (48.544 − 11.650) / √(7.773² + 6.672²)', [26, 36, 38], [10, 30, 60], 38, 3.6, true],
    ['50 → 46 on 100 each: noise', [10, 30, 60], [12, 30, 58], -4, -0.4, false],
    ['10 → 50 on only 10 each: noise', [3, 3, 4], [1, 3, 6], 40, 1.03, false],
    ['50 promoters, then 50 detractors: a fall', [0, 0, 50], [50, 0, 0], -200, -33.98, true],
    ['one promoter, then one detractor: too few', [0, 0, 1], [1, 0, 0], -200, -0.94, false],
    ['5 promoters, then 8 promoters: no change, and a z all the same', [0, 0, 5], [0, 0, 8], 0, 0.35, false],
  ] as const)('%s', (_name, [d1, pa1, p1], [d2, pa2, p2], nps, z, significant) => {
    expect(compareNps(mix(d1, pa1, p1), mix(d2, pa2, p2))).toEqual({ nps, z, significant });
  });

  it('has no change when either period has no answers (n = 0)', () => {
    expect(compareNps(mix(0, 0, 0), mix(1, 2, 3))).toBeNull();
    expect(compareNps(mix(1, 2, 3), mix(0, 0, 0))).toBeNull();
  });
});

describe('ISO weeks', () => {
  it.each([
    ['2026-03-02', '2026-W10'],
    ['2026-03-08', '2026-W10'],
    ['2026-01-01', '2026-W01'],
    ['2021-01-03', '2020-W53'],
    ['2024-12-30', '2025-W01'],
  ])('%s is in %s', (day, week) => {
    expect(isoWeek(day)).toBe(week);
  });
});

interface Point {
  period: string;
  from: string;
  to: string;
  total: number;
  nps: number | null;
  marginOfError: number | null;
  interval: { low: number; high: number } | null;
  change: { nps: number; z: number; significant: boolean } | null;
}

describe.each(allStoreBackends())('trend on %s', (_name, open) => {
  let subject: StoreUnderTest;
  let running: Running;
  let now = Date.parse('2026-03-02T12:00:00Z');
  const trend = async (query: string) => {
    const { status, body } = await running.get(`/api/reports/trend${query}`);
    expect(status).toBe(200);
    return body as Point[];
  };

  beforeAll(async () => {
    subject = await open();
    running = await startApp(subject.store, survey, () => now);
    const weeks: [string, number, number, number][] = [
      ['2026-03-02T12:00:00Z', 26, 36, 38], // Monday of week 10: NPS 12
      ['2026-03-09T12:00:00Z', 10, 30, 60], // week 11: NPS 50
      ['2026-03-16T12:00:00Z', 12, 30, 58], // week 12: NPS 46
    ];
    for (const [at, detractors, passives, promoters] of weeks) {
      now = Date.parse(at);
      await answerAll(running.app.engine, [
        ...answers(detractors, [3]),
        ...answers(passives, [7]),
        ...answers(promoters, [9]),
      ]);
    }
  });
  afterAll(async () => {
    await running?.close();
    await subject?.cleanUp();
  });

  it('gives one point per ISO week with the change against the week before', async () => {
    const points = await trend('?interval=week&from=2026-03-02&to=2026-03-22');
    expect(points.map((p) => [p.period, p.from, p.to, p.total, p.nps, p.interval, p.marginOfError])).toEqual([
      ['2026-W10', '2026-03-02', '2026-03-08', 100, 12, { low: -3.6, high: 26.9 }, 15.2],
      ['2026-W11', '2026-03-09', '2026-03-15', 100, 50, { low: 35.5, high: 61.6 }, 13.1],
      ['2026-W12', '2026-03-16', '2026-03-22', 100, 46, { low: 31.1, high: 58.2 }, 13.6],
    ]);
    expect(points.map((p) => p.change)).toEqual([
      null,
      { nps: 38, z: 3.6, significant: true },
      { nps: -4, z: -0.4, significant: false },
    ]);
  });

  it('gives every day of the range, empty days included', async () => {
    const points = await trend('?interval=day&from=2026-03-01&to=2026-03-10');
    expect(points.map((p) => p.period)).toEqual([
      '2026-03-01',
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
      '2026-03-10',
    ]);
    expect(points.map((p) => p.total)).toEqual([0, 100, 0, 0, 0, 0, 0, 0, 100, 0]);
    expect(points[2]).toMatchObject({ nps: null, marginOfError: null, interval: null, change: null });
    // Day by day, the 9th is compared with the empty 8th: no change to test.
    expect(points[8]?.change).toBeNull();
  });

  it('gives months, and counts the days of the range only', async () => {
    const points = await trend('?interval=month&from=2026-02-20&to=2026-03-10');
    expect(points.map((p) => [p.period, p.from, p.to, p.total, p.nps])).toEqual([
      ['2026-02', '2026-02-20', '2026-02-28', 0, null],
      ['2026-03', '2026-03-01', '2026-03-10', 200, 31],
    ]);
  });

  it('defaults to days over the last 90, and refuses an unknown interval', async () => {
    now = Date.parse('2026-03-20T08:00:00Z');
    const points = await trend('');
    expect(points).toHaveLength(90);
    expect(points[89]?.period).toBe('2026-03-20');
    expect(points.reduce((sum, p) => sum + p.total, 0)).toBe(300);
    const { status, body } = await running.get('/api/reports/trend?interval=year');
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'bad_filter' });
    expect((body as { message: string }).message).toContain('interval');
  });
});

/**
 * GET /api/reports/trend: periods by day, ISO week and month, NPS and margin per period, and
 * the two-sample test on the change — checked against figures worked out by hand.
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

describe('the significance of a change in NPS', () => {
  it('finds 12 → 50 on 100 answers each significant (z = 38 / √(7.909² + 6.708²) = 3.66)', () => {
    expect(compareNps(mix(26, 36, 38), mix(10, 30, 60))).toEqual({ nps: 38, z: 3.66, significant: true });
  });

  it('finds 50 → 46 on 100 answers each within the noise (z = −4 / √(6.708² + 6.989²) = −0.41)', () => {
    expect(compareNps(mix(10, 30, 60), mix(12, 30, 58))).toEqual({ nps: -4, z: -0.41, significant: false });
  });

  it('needs enough answers: 10 → 50 on 10 answers each is within the noise (z = 1.18)', () => {
    // SE √((.7 − .01)/10) = 26.27 and √((.7 − .25)/10) = 21.21; 40 / √(26.27² + 21.21²) = 40 / 33.76 = 1.18.
    expect(compareNps(mix(3, 3, 4), mix(1, 3, 6))).toEqual({ nps: 40, z: 1.18, significant: false });
  });

  it('has no z when neither period has any spread, and no change without answers', () => {
    expect(compareNps(mix(0, 0, 5), mix(0, 0, 8))).toEqual({ nps: 0, z: null, significant: false });
    expect(compareNps(mix(0, 0, 0), mix(1, 2, 3))).toBeNull();
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
  change: { nps: number; z: number | null; significant: boolean } | null;
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
    expect(points.map((p) => [p.period, p.from, p.to, p.total, p.nps, p.marginOfError])).toEqual([
      ['2026-W10', '2026-03-02', '2026-03-08', 100, 12, 15.5],
      ['2026-W11', '2026-03-09', '2026-03-15', 100, 50, 13.1],
      ['2026-W12', '2026-03-16', '2026-03-22', 100, 46, 13.7],
    ]);
    expect(points.map((p) => p.change)).toEqual([
      null,
      { nps: 38, z: 3.66, significant: true },
      { nps: -4, z: -0.41, significant: false },
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
    expect(points[2]).toMatchObject({ nps: null, marginOfError: null, change: null });
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

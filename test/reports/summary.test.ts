/**
 * GET /api/reports/summary over real HTTP against the real app, on the memory store and on
 * Redis: the worked example of the issue, every filter, the response funnel, and bad filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreUnderTest } from '../support/stores.js';
import { allStoreBackends } from '../support/stores.js';
import { testSurvey } from '../support/survey.js';
import { answerAll, answers, type Running, startApp, TOKEN } from './support.js';

const survey = testSurvey({ id: 'summary-test', segments: ['plan'], reward: { codes: [] } });

interface Summary {
  total: number;
  promoters: number;
  passives: number;
  detractors: number;
  nps: number | null;
  marginOfError: number | null;
  interval: { low: number; high: number } | null;
  band: string | null;
  distribution: { score: number; count: number; percent: number }[];
  responseRate: { sent: number; answered: number; completed: number };
}

describe.each(allStoreBackends())('summary on %s', (_name, open) => {
  let subject: StoreUnderTest;
  let running: Running;
  const summary = async (query = '') => {
    const { status, body } = await running.get(`/api/reports/summary${query}`);
    expect(status).toBe(200);
    return body as Summary;
  };

  beforeAll(async () => {
    subject = await open();
    running = await startApp(subject.store, survey);
    const engine = running.app.engine;
    // The worked example, all on web chat at "checkout": 26 detractors, 36 passives, 38 promoters.
    await answerAll(engine, [
      ...answers(26, [0, 3, 6], { touchpoint: 'checkout', reason: 'too expensive', area: 'price' }),
      ...answers(36, [7, 8], { touchpoint: 'checkout', reason: 'skip', properties: { plan: 'pro' } }),
      ...answers(38, [9, 10], { touchpoint: 'checkout', reason: 'fast and easy', properties: { plan: 'free' } }),
    ]);
    // Elsewhere: Slack people with no touchpoint, two of whom walk away after the score.
    await answerAll(engine, [
      ...answers(4, [10], { channel: 'slack', reason: 'love it', properties: { plan: 'pro' } }),
      ...answers(2, [2], { channel: 'slack' }),
    ]);
    // Two surveys sent on Slack that nobody answered.
    for (const user of ['silent-1', 'silent-2']) {
      await engine.handle({ channel: 'slack', user, conversation: user, event: { kind: 'start', startedBy: 'bot' } });
    }
  });
  afterAll(async () => {
    await running?.close();
    await subject?.cleanUp();
  });

  it('gives the worked example: 26% / 36% / 38% of 100 → NPS 12.0, −3.6…26.9 (± 15.2), "good"', async () => {
    const result = await summary('?channel=webchat&touchpoint=checkout');
    expect(result).toMatchObject({
      total: 100,
      detractors: 26,
      passives: 36,
      promoters: 38,
      nps: 12,
      interval: { low: -3.6, high: 26.9 },
      marginOfError: 15.2,
      band: 'good',
      responseRate: { sent: 100, answered: 100, completed: 100 },
    });
    expect(result.distribution).toHaveLength(11);
    expect(result.distribution.map((row) => row.score)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // 26 detractors over 0, 3, 6 in turn: 9, 9, 8; 36 passives over 7, 8: 18 each; 38 promoters: 19 each.
    expect(result.distribution.map((row) => row.count)).toEqual([9, 0, 0, 9, 0, 0, 8, 18, 18, 19, 19]);
    expect(result.distribution[7]).toEqual({ score: 7, count: 18, percent: 18 });
  });

  it('counts every channel without filters, with the response funnel', async () => {
    const result = await summary();
    expect(result).toMatchObject({ total: 106, detractors: 28, passives: 36, promoters: 42 });
    // 42 − 28 = 14 of 106 → 13.2
    expect(result.nps).toBe(13.2);
    // 108 surveys started; 106 scored; 2 Slack people walked away after the score.
    expect(result.responseRate).toEqual({ sent: 108, answered: 106, completed: 104 });
  });

  it('filters by channel and by touchpoint', async () => {
    const slack = await summary('?channel=slack');
    expect(slack).toMatchObject({ total: 6, promoters: 4, detractors: 2, nps: 33.3, band: 'excellent' });
    expect(slack.responseRate).toEqual({ sent: 8, answered: 6, completed: 4 });
    const checkout = await summary('?touchpoint=checkout');
    expect(checkout.total).toBe(100);
    const nowhere = await summary('?touchpoint=no-such-place');
    expect(nowhere).toMatchObject({ total: 0, nps: null, marginOfError: null, interval: null, band: null });
    expect(nowhere.distribution.every((row) => row.count === 0 && row.percent === 0)).toBe(true);
  });

  it('filters by segment from the segment counters; the funnel stays that of the filter without the segment', async () => {
    const pro = await summary('?segment=plan:pro');
    // 36 passives on web chat and 4 promoters on Slack are on "pro".
    expect(pro).toMatchObject({ total: 40, passives: 36, promoters: 4, detractors: 0, nps: 10 });
    expect(pro).toMatchObject({ interval: { low: -1, high: 19.6 }, marginOfError: 10.3 });
    expect(pro.responseRate).toEqual({ sent: 108, answered: 106, completed: 104 });
    const proOnSlack = await summary('?segment=plan:pro&channel=slack');
    // Four promoters: NPS 100, but the adjusted interval says how little four answers show.
    expect(proOnSlack).toMatchObject({
      total: 4,
      promoters: 4,
      nps: 100,
      interval: { low: 6.9, high: 100 },
      marginOfError: 46.5,
      band: 'world-class',
    });
  });

  it('filters by date: a range without answers is empty, today counts', async () => {
    const today = new Date().toISOString().slice(0, 10);
    expect((await summary(`?from=${today}&to=${today}`)).total).toBe(106);
    expect((await summary('?from=2020-01-01&to=2020-01-31')).total).toBe(0);
    expect((await summary(`?from=${today}T00:00:00Z`)).total).toBe(106);
  });

  it.each([
    ['?from=yesterday', 'from'],
    ['?to=2026-02-30', 'to'],
    ['?from=2026-03-01&to=2026-02-01', 'from'],
    ['?from=2000-01-01&to=2026-01-01', 'at most'],
    ['?channel=fax', 'channel'],
    ['?segment=plan', 'segment'],
    ['?segment=region:eu', 'segment'],
    ['?chanel=slack', 'unknown parameter'],
    ['?channel=slack&channel=teams', 'channel'],
  ])('refuses %s with a 400 naming the problem', async (query, mentions) => {
    const { status, body } = await running.get(`/api/reports/summary${query}`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'bad_filter' });
    expect((body as { message: string }).message).toContain(mentions);
  });

  it('needs the admin token, as a bearer or as a dashboard session, never as a Basic login', async () => {
    const url = `${running.base}/api/reports/summary`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const basic = `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}`;
    expect((await fetch(url, { headers: { authorization: basic } })).status).toBe(401);
    const signIn = await fetch(`${running.base}/dashboard/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: TOKEN }),
    });
    expect(signIn.status).toBe(204);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await fetch(url, { headers: { cookie } })).status).toBe(200);
  });
});

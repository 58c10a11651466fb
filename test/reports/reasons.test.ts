/**
 * GET /api/reports/reasons: themes of the "why" answers per category (counted with each
 * turn), detractor areas, recent quotes, filters, and counts that follow an erasure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterField, dayOf } from '../../src/engine/response.js';
import { documentedFetch } from '../support/api-contract.js';
import type { StoreUnderTest } from '../support/stores.js';
import { allStoreBackends } from '../support/stores.js';
import { testSurvey } from '../support/survey.js';
import { answer, answerAll, answers, type Running, startApp, TOKEN } from './support.js';

const survey = testSurvey({
  id: 'reasons-test',
  segments: ['plan'],
  touchpoints: ['checkout', 'elsewhere'],
  reward: { codes: [] },
});

interface Counted {
  total: number;
  counts: { detractor: number; passive: number; promoter: number };
}
interface Reasons {
  responses: { detractor: number; passive: number; promoter: number };
  themes: (Counted & { theme: string; quotes: { text: string; category: string; score: number }[] })[];
  areas: (Counted & { area: string })[];
}

describe.each(allStoreBackends())('reasons on %s', (_name, open) => {
  let subject: StoreUnderTest;
  let running: Running;
  const reasons = async (query = '') => {
    const { status, body } = await running.get(`/api/reports/reasons${query}`);
    expect(status).toBe(200);
    return body as Reasons;
  };
  const counts = (list: Reasons['themes'] | Reasons['areas']) =>
    list.map((entry) => ['theme' in entry ? entry.theme : entry.area, entry.total, entry.counts]);

  beforeAll(async () => {
    subject = await open();
    running = await startApp(subject.store, survey);
    await answerAll(running.app.engine, [
      ...answers(3, [2], { reason: 'Too expensive, and support never replied', area: 'price' }),
      ...answers(2, [4], { reason: '软件经常闪退', area: 'reliability' }),
      ...answers(1, [5], { reason: 'skip', area: 'product' }),
      ...answers(2, [8], { channel: 'slack', reason: 'Would be faster with an export feature' }),
      ...answers(3, [10], { reason: '客服態度很好' }),
      ...answers(1, [9], { reason: 'just lovely' }),
    ]);
    await answer(running.app.engine, { user: 'to-be-erased', score: 9, reason: '客服態度很好' });
  });
  afterAll(async () => {
    await running?.close();
    await subject?.cleanUp();
  });

  it('counts themes and areas per category, most mentioned first', async () => {
    const result = await reasons();
    expect(result.responses).toEqual({ detractor: 6, passive: 2, promoter: 5 });
    expect(counts(result.themes)).toEqual([
      ['support', 7, { detractor: 3, passive: 0, promoter: 4 }],
      ['price', 3, { detractor: 3, passive: 0, promoter: 0 }],
      ['features', 2, { detractor: 0, passive: 2, promoter: 0 }],
      ['reliability', 2, { detractor: 2, passive: 0, promoter: 0 }],
      ['speed', 2, { detractor: 0, passive: 2, promoter: 0 }],
      ['other', 1, { detractor: 0, passive: 0, promoter: 1 }],
    ]);
    expect(counts(result.areas)).toEqual([
      ['price', 3, { detractor: 3, passive: 0, promoter: 0 }],
      ['reliability', 2, { detractor: 2, passive: 0, promoter: 0 }],
      ['product', 1, { detractor: 1, passive: 0, promoter: 0 }],
    ]);
  });

  it('reads the counts from theme counters written with the turn', async () => {
    const day = dayOf(Date.now());
    const today = (await running.app.store.readRollups(survey.id, [day])).get(day);
    expect(today?.get(counterField('theme', 'webchat', '', 'detractor', 'reliability'))).toBe(2);
    expect(today?.get(counterField('theme', 'slack', '', 'passive', 'features'))).toBe(2);
  });

  it('quotes up to three recent reasons per theme and category', async () => {
    const support = (await reasons()).themes.find((entry) => entry.theme === 'support');
    const byCategory = (category: string) => support?.quotes.filter((quote) => quote.category === category) ?? [];
    expect(byCategory('detractor')).toHaveLength(3);
    expect(byCategory('promoter')).toHaveLength(3);
    expect(byCategory('detractor')[0]).toEqual(
      expect.objectContaining({ text: 'Too expensive, and support never replied', score: 2 }),
    );
    expect(byCategory('promoter').every((quote) => quote.text === '客服態度很好')).toBe(true);
  });

  it('filters by channel and touchpoint, and has no segment filter', async () => {
    const slack = await reasons('?channel=slack');
    expect(counts(slack.themes).map(([theme]) => theme)).toEqual(['features', 'speed']);
    expect(slack.areas).toEqual([]);
    expect(slack.responses).toEqual({ detractor: 0, passive: 2, promoter: 0 });
    expect((await reasons('?touchpoint=elsewhere')).themes).toEqual([]);
    const { status, body } = await running.get('/api/reports/reasons?segment=plan:pro');
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'bad_filter' });
  });

  it('forgets an erased person’s reason', async () => {
    const erased = await documentedFetch(`${running.base}/api/people/webchat/to-be-erased`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(erased.status).toBe(200);
    const support = (await reasons()).themes.find((entry) => entry.theme === 'support');
    expect(support?.counts).toEqual({ detractor: 3, passive: 0, promoter: 3 });
    expect(support?.quotes.filter((quote) => quote.category === 'promoter')).toHaveLength(3);
  });
});

/**
 * GET /api/responses (cursor pages) and GET /api/responses.csv on the memory store, a Redis
 * server and a local Redis Cluster (where the log is merged from 16 shards). Many responses
 * share a start time, so the cursor must break ties without repeating or losing any.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyResponse } from '../../src/engine/types.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { ResponseLogQuery, ResponsePage } from '../../src/store/types.js';
import { documentedFetch } from '../support/api-contract.js';
import { allStoreBackends, type StoreUnderTest } from '../support/stores.js';
import { testSurvey } from '../support/survey.js';
import { type Answer, answerAll, type Running, startApp, TOKEN } from './support.js';

const survey = testSurvey({ id: 'responses-test', segments: ['plan'], reward: { codes: [] } });
const T0 = Date.parse('2026-04-07T09:00:00.000Z');
const RESPONSE_KEYS = [
  'id',
  'surveyId',
  'channel',
  'user',
  'locale',
  'touchpoint',
  'properties',
  'score',
  'category',
  'reason',
  'area',
  'contact',
  'reward',
  'status',
  'startedAt',
  'answeredAt',
  'completedAt',
];
const TRICKY_REASONS = ['price, support', 'said "no"', 'line one\nline two', '=HYPERLINK("x")', '价格太贵'];

const backends = allStoreBackends();

/** 45 answers in three bursts of 15 that start in the same millisecond. */
function batch(burst: number): Answer[] {
  return Array.from({ length: 15 }, (_, i) => ({
    user: `person-${burst}-${String(i).padStart(2, '0')}`,
    channel: i % 3 === 0 ? 'slack' : 'webchat',
    score: (i * 3 + burst) % 11,
    touchpoint: i % 2 === 0 ? 'checkout' : null,
    properties: { plan: i % 4 === 0 ? 'pro' : 'free', ...(i === 5 ? { region: 'eu' } : {}) },
    reason: TRICKY_REASONS[i % TRICKY_REASONS.length] as string,
  }));
}

const order = (a: SurveyResponse, b: SurveyResponse) =>
  Date.parse(a.startedAt) - Date.parse(b.startedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe.each(backends)('responses on %s', (_name, open) => {
  let subject: StoreUnderTest;
  let running: Running;
  let now = T0;

  async function allPages(query: string): Promise<{ pages: SurveyResponse[][] }> {
    const pages: SurveyResponse[][] = [];
    let cursor: string | undefined;
    do {
      const separator = query ? '&' : '?';
      const { status, body } = await running.get(
        `/api/responses${query}${cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(status).toBe(200);
      const page = body as { responses: SurveyResponse[]; next?: string };
      pages.push(page.responses);
      cursor = page.next;
      if (pages.length > 100) throw new Error('the cursor does not advance');
    } while (cursor);
    return { pages };
  }

  beforeAll(async () => {
    subject = await open();
    running = await startApp(subject.store, survey, () => now);
    for (const [burst, at] of [T0, T0 + 1000, T0 + 60_000].entries()) {
      now = at;
      await answerAll(running.app.engine, batch(burst));
    }
  });
  afterAll(async () => {
    await running?.close();
    await subject?.cleanUp();
  });

  it('pages through every response once, newest first, ties broken by id', async () => {
    const { pages } = await allPages('?limit=7');
    expect(pages.map((page) => page.length)).toEqual([7, 7, 7, 7, 7, 7, 3]);
    const listed = pages.flat();
    expect(new Set(listed.map((r) => r.id)).size).toBe(45);
    expect(listed).toEqual([...listed].sort(order).reverse());
    expect(Object.keys(listed[0] as object)).toEqual(RESPONSE_KEYS);
  });

  it('pages oldest first with order=asc', async () => {
    const listed = (await allPages('?limit=10&order=asc')).pages.flat();
    expect(listed).toHaveLength(45);
    expect(listed).toEqual([...listed].sort(order));
  });

  it('filters by channel, touchpoint, segment and start time', async () => {
    const slack = (await allPages('?limit=4&channel=slack')).pages.flat();
    expect(slack).toHaveLength(15);
    expect(slack.every((r) => r.channel === 'slack')).toBe(true);
    const checkout = (await allPages('?touchpoint=checkout')).pages.flat();
    expect(checkout).toHaveLength(24);
    const pro = (await allPages('?segment=plan:pro')).pages.flat();
    expect(pro).toHaveLength(12);
    expect(pro.every((r) => r.properties.plan === 'pro')).toBe(true);
    const second = (await allPages(`?from=${new Date(T0 + 1).toISOString()}&to=${new Date(T0 + 1000).toISOString()}`))
      .pages;
    expect(second.flat().every((r) => r.user.startsWith('person-1-'))).toBe(true);
    expect(second.flat()).toHaveLength(15);
  });

  it.each([
    ['?cursor=nonsense', 'bad_cursor'],
    ['?limit=0', 'bad_filter'],
    ['?limit=1001', 'bad_filter'],
    ['?limit=ten', 'bad_filter'],
    ['?order=sideways', 'bad_filter'],
  ])('refuses %s', async (query, error) => {
    const { status, body } = await running.get(`/api/responses${query}`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error });
  });

  it('refuses a cursor made for the other order', async () => {
    const { body } = await running.get('/api/responses?limit=2');
    const next = (body as { next: string }).next;
    const { status } = await running.get(`/api/responses?order=asc&cursor=${encodeURIComponent(next)}`);
    expect(status).toBe(400);
  });

  it('exports the same responses as CSV, properties flattened, text intact and formulas defused', async () => {
    const { status, text, headers } = await running.get('/api/responses.csv');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // A byte order mark first, so spreadsheets read the Chinese reasons as UTF-8 (fetch's text() hides it).
    const raw = await documentedFetch(`${running.base}/api/responses.csv`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(45);
    expect(Object.keys(rows[0] as object)).toEqual([
      ...RESPONSE_KEYS.slice(0, 6),
      'properties.plan',
      'properties.region',
      'properties',
      ...RESPONSE_KEYS.slice(7),
    ]);
    const listed = (await allPages('?limit=1000')).pages.flat();
    expect(rows.map((row) => row.id)).toEqual(listed.map((r) => r.id));
    const first = listed[0] as SurveyResponse;
    expect(rows[0]).toMatchObject({
      user: first.user,
      score: String(first.score),
      'properties.plan': first.properties.plan,
      touchpoint: first.touchpoint ?? '',
      completedAt: first.completedAt ?? '',
      contact: 'false',
    });
    const reasons = new Set(rows.map((row) => row.reason));
    expect(reasons).toEqual(
      new Set(['price, support', 'said "no"', 'line one\nline two', `'=HYPERLINK("x")`, '价格太贵']),
    );
  });

  it('exports a filtered CSV', async () => {
    const { text } = await running.get('/api/responses.csv?channel=slack&order=asc');
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(15);
    expect(rows.every((row) => row.channel === 'slack')).toBe(true);
  });
});

/** A memory store whose response log stops answering after a number of pages, as a store that goes away. */
class FailingLog extends MemoryStore {
  pagesBeforeFailure = Number.POSITIVE_INFINITY;
  async listResponses(surveyId: string, query: ResponseLogQuery): Promise<ResponsePage> {
    if (this.pagesBeforeFailure <= 0) throw new Error('the store went away');
    this.pagesBeforeFailure -= 1;
    return super.listResponses(surveyId, query);
  }
}

describe('a long CSV export', () => {
  let running: Running;
  const store = new FailingLog();
  beforeAll(async () => {
    running = await startApp(store, survey);
    const many: Answer[] = Array.from({ length: 2500 }, (_, i) => ({
      score: i % 11,
      reason: `reason number ${i}`,
      // A property that first appears after the rows that decide the columns.
      properties: (i === 0 ? { plan: 'pro' } : i === 2400 ? { campaign: 'spring' } : {}) as Record<string, string>,
    }));
    await answerAll(running.app.engine, many, 50);
  });
  afterAll(async () => {
    await running?.close();
  });

  it('streams every row, and keeps properties first seen late in the properties column', async () => {
    const { text } = await running.get('/api/responses.csv?order=asc');
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2500);
    expect(new Set(rows.map((row) => row.id)).size).toBe(2500);
    const late = rows.find((row) => row.reason === 'reason number 2400');
    expect(late?.properties).toBe('{"campaign":"spring"}');
    expect(rows.find((row) => row.reason === 'reason number 0')?.['properties.plan']).toBe('pro');
  });

  it('answers 500 JSON when the store fails before anything was sent', async () => {
    store.pagesBeforeFailure = 0;
    const { status, body } = await running.get('/api/responses.csv');
    store.pagesBeforeFailure = Number.POSITIVE_INFINITY;
    expect(status).toBe(500);
    expect(body).toEqual({ error: 'internal', message: 'internal error' });
  });

  it('cuts the connection when the store fails half-way, so the download is not mistaken for complete', async () => {
    // 500 rows a page: three pages fill the 1,000 rows read ahead, the header goes out, the fourth fails.
    store.pagesBeforeFailure = 3;
    // Plain fetch: the body never arrives whole, so there is nothing to check against the document.
    const response = await fetch(`${running.base}/api/responses.csv`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    store.pagesBeforeFailure = Number.POSITIVE_INFINITY;
    // The process is still there and answers the next export in full.
    const { text } = await running.get('/api/responses.csv');
    expect(parse(text, { bom: true, columns: true })).toHaveLength(2500);
  });
});

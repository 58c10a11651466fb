/**
 * The response log and rollups run directly against memory, the Redis server and a local
 * Cluster: paging in both orders under every limit, across shards, ties on the start time
 * broken by id, inclusive ranges, and counters summed across shards.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyResponse } from '../../src/engine/types.js';
import type { LogPosition, ResponseLogQuery } from '../../src/store/types.js';
import { allStoreBackends, type StoreUnderTest } from '../support/stores.js';
import { freshKey, recordFor, responseOf, turnWrite } from '../support/turn-writes.js';

const T = Date.parse('2026-03-01T10:00:00Z');
const MINUTE = 60_000;

describe.each(allStoreBackends())('response log on %s', (_name, open) => {
  let subject: StoreUnderTest;
  const surveyId = `log-${randomUUID()}`;
  /** Twelve responses of twelve people (spread over shards); starts repeat so ties occur. */
  const written: SurveyResponse[] = [];
  beforeAll(async () => {
    subject = await open();
    for (let i = 0; i < 12; i++) {
      const key = freshKey();
      const record = recordFor(key, T + Math.floor(i / 3) * MINUTE, surveyId);
      const response = responseOf(record, { score: i % 11 });
      await subject.store.commit(turnWrite(key, record, { response }));
      written.push(response);
    }
  });
  afterAll(async () => {
    await subject.cleanUp();
  });

  const position = (response: SurveyResponse): LogPosition => ({ at: Date.parse(response.startedAt), id: response.id });
  const sorted = (order: 'asc' | 'desc') =>
    [...written]
      .sort((a, b) => {
        const [x, y] = [position(a), position(b)];
        return x.at - y.at || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
      })
      .map((response) => response.id)
      .slice()
      [order === 'asc' ? 'slice' : 'reverse']();

  async function readAll(query: Omit<ResponseLogQuery, 'after'>): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let after: LogPosition | null = null;
    let pages = 0;
    do {
      const page = await subject.store.listResponses(surveyId, { ...query, after });
      ids.push(...page.responses.map((response) => response.id));
      after = page.next;
      pages += 1;
    } while (after && pages < 50);
    return { ids, pages };
  }

  it.each([
    { order: 'asc' as const, limit: 1 },
    { order: 'asc' as const, limit: 2 },
    { order: 'asc' as const, limit: 5 },
    { order: 'asc' as const, limit: 12 },
    { order: 'asc' as const, limit: 100 },
    { order: 'desc' as const, limit: 1 },
    { order: 'desc' as const, limit: 3 },
    { order: 'desc' as const, limit: 7 },
    { order: 'desc' as const, limit: 12 },
  ])('pages the whole log $order, $limit at a time, each response once', async ({ order, limit }) => {
    const { ids, pages } = await readAll({ from: 0, to: T + DAY, order, limit });
    expect(ids).toEqual(sorted(order));
    expect(pages).toBe(Math.max(1, Math.ceil(12 / limit)));
  });

  it.each([
    { from: T, to: T, want: 3 },
    { from: T + MINUTE, to: T + 2 * MINUTE, want: 6 },
    { from: T + 3 * MINUTE, to: T + DAY, want: 3 },
    { from: T + DAY, to: T + 2 * DAY, want: 0 },
  ])('keeps to the start times $from to $to, both ends included', async ({ from, to, want }) => {
    const { ids } = await readAll({ from, to, order: 'asc', limit: 2 });
    expect(ids).toEqual(
      sorted('asc').filter((id) => {
        const at = position(written.find((response) => response.id === id) as SurveyResponse).at;
        return at >= from && at <= to;
      }),
    );
    expect(ids).toHaveLength(want);
  });

  it('reads a response back as written, and replaces it when the conversation writes it again', async () => {
    const key = freshKey();
    const record = recordFor(key, T, `other-${randomUUID()}`);
    const first = responseOf(record, { score: 3, category: 'detractor' });
    await subject.store.commit(turnWrite(key, record, { response: first }));
    expect(await subject.store.getResponse(first.id, key)).toEqual(first);
    const second = { ...first, reason: 'slow', status: 'completed' as const, completedAt: first.startedAt };
    await subject.store.commit(turnWrite(key, record, { expectedVersion: 1, response: second }));
    expect(await subject.store.getResponse(first.id, key)).toEqual(second);
    const page = await subject.store.listResponses(record.dialog.surveyId, {
      from: 0,
      to: T + DAY,
      order: 'asc',
      limit: 10,
    });
    expect(page.responses).toEqual([second]);
    expect(await subject.store.getResponse(randomUUID(), key)).toBeNull();
  });

  it.each([
    { name: 'one writer', deltas: [[1]], want: 1 },
    { name: 'many people', deltas: [[1], [1], [1], [2]], want: 5 },
    { name: 'moved away', deltas: [[1], [-1]], want: undefined },
    { name: 'up and down', deltas: [[3], [-1], [1, -2]], want: 1 },
  ])('adds counters up across shards ($name)', async ({ deltas, want }) => {
    const rollupSurvey = `rollups-${randomUUID()}`;
    for (const byes of deltas) {
      const key = freshKey();
      const rollups = byes.map((by) => ({ surveyId: rollupSurvey, day: '2026-03-01', field: 'answered|webchat|', by }));
      await subject.store.commit(turnWrite(key, recordFor(key), { rollups }));
    }
    const read = await subject.store.readRollups(rollupSurvey, ['2026-03-01', '2026-03-02']);
    expect(read.get('2026-03-01')?.get('answered|webchat|')).toBe(want);
    expect(read.has('2026-03-02')).toBe(false);
  });
});

const DAY = 86_400_000;

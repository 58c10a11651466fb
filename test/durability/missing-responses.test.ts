/**
 * Response records gone from under the log (what allkeys-lru eviction did: 684 of 1,563 listed,
 * no word): the listing counts them as `missing` page by page, the CSV export names their
 * number in the `X-Npsbot-Missing` trailer, and the log says so once (docs/operations.md).
 * The eviction is simulated by deleting records on the Redis store.
 */
import { request } from 'node:http';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { SurveyResponse } from '../../src/engine/types.js';
import { RedisStore } from '../../src/store/redis.js';
import { answer, answers, TOKEN } from '../reports/support.js';
import { type CapturedLog, capturedLog } from '../support/log-lines.js';
import { redisStore, type StoreUnderTest } from '../support/stores.js';
import { testSurvey } from '../support/survey.js';

const survey = testSurvey({ id: 'missing-test', reward: { codes: [] } });
let subject: StoreUnderTest;
let app: App;
let log: CapturedLog;
let port: number;
const lost = new Set<string>();

beforeAll(async () => {
  subject = await redisStore('redis://127.0.0.1:6379');
  log = capturedLog();
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'silent' });
  app = await createApp(config, { store: subject.store, survey, logger: log.logger });
  port = await app.listen();
  for (const spec of answers(30, [10, 8, 3], { reason: 'because' })) await answer(app.engine, spec);
  const store = subject.store;
  if (!(store instanceof RedisStore)) throw new Error('expected a Redis store');
  const listed = (await listAll()).responses;
  expect(listed).toHaveLength(30);
  // Every third record goes, as eviction would take them: the log still names them.
  for (const [i, response] of listed.entries()) {
    if (i % 3 !== 1) continue;
    lost.add(response.id);
    await store.client.del(store.keys.response(response, response.id));
  }
});
afterAll(async () => {
  await app?.close();
  await subject?.cleanUp();
});

function get(path: string): Promise<{ status: number; text: string; trailers: NodeJS.Dict<string> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, trailers: res.trailers }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function listAll(limit = 7): Promise<{ responses: SurveyResponse[]; missing: number[] }> {
  const responses: SurveyResponse[] = [];
  const missing: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await get(`/api/responses?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    const body = JSON.parse(page.text) as { responses: SurveyResponse[]; next?: string; missing: number };
    responses.push(...body.responses);
    missing.push(body.missing);
    cursor = body.next;
  } while (cursor);
  return { responses, missing };
}

describe('a response log whose records were evicted', () => {
  it.each([1, 4, 7, 100])('lists what is left and counts each missing record once, %i at a time', async (limit) => {
    const { responses, missing } = await listAll(limit);
    expect(responses).toHaveLength(20);
    expect(responses.some((response) => lost.has(response.id))).toBe(false);
    expect(missing.reduce((sum, n) => sum + n, 0)).toBe(10);
  });

  it('says how many rows the CSV export is missing in its trailer', async () => {
    const csv = await get('/api/responses.csv');
    expect(csv.status).toBe(200);
    expect(parse(csv.text, { bom: true, columns: true })).toHaveLength(20);
    expect(csv.trailers['x-npsbot-missing']).toBe('10');
  });

  it('logs the loss once, at error', () => {
    const lines = log.errors().filter((line) => String(line.msg).includes('records are gone'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ missing: expect.any(Number) });
  });
});

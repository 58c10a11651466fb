/**
 * Flat cost as the data grows: on a Redis server of its own (started here, no persistence,
 * stopped at the end) it fills 1,000 → 10,000 → 100,000 → 1,000,000 stored responses (and a
 * tenth as many follow-ups) through the store's own key format (bench/fill-responses.ts,
 * bench/fill-follow-ups.ts), and at each size measures
 *   - a turn (the engine, a new web chat conversation's start and score),
 *   - the summary (the report function, and GET /api/reports/summary),
 *   - the follow-ups queue's first page (GET /api/follow-ups),
 *   - the CSV export's time to first byte (GET /api/responses.csv),
 *   - one GET, the baseline in the same run (a loaded machine moves every figure together),
 *   - Redis's own memory (`INFO memory` used_memory) per stored response and per follow-up.
 *
 *   npm run bench:growth                               (sizes up to 1,000,000; ~2 GB of memory)
 *   npm run bench:growth -- --max=100000 --port=6742   (a smaller top size, another port)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { DEMO_SURVEY } from '../src/demo-survey.js';
import { Engine } from '../src/engine/engine.js';
import { parseFilter } from '../src/reports/filters.js';
import { buildSummary } from '../src/reports/summary.js';
import { openStore } from '../src/store/open.js';
import { RedisStore } from '../src/store/redis.js';
import { parseSurvey } from '../src/survey-file.js';
import { writeFollowUp } from './fill-follow-ups.js';
import { fillResponses } from './fill-responses.js';

const option = (name: string, fallback: number) =>
  Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const MAX = option('max', 1_000_000);
const PORT = option('port', 6742);
const SIZES = [1_000, 10_000, 100_000, 1_000_000].filter((size) => size <= MAX);
const RUNS = 20;
const BUDGET_MS = 3000;
const IN_FLIGHT = 200;

const redisServer: ChildProcess = spawn(
  'redis-server',
  ['--port', String(PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
  { stdio: 'ignore' },
);
const stopRedis = () => redisServer.kill('SIGTERM');
process.once('exit', stopRedis);
process.once('SIGINT', () => process.exit(130));
await sleep(500);

const survey = parseSurvey({ ...DEMO_SURVEY, id: 'bench-growth', segments: ['plan'] }, 'bench survey');
const config = loadConfig({
  REDIS_URL: `redis://127.0.0.1:${PORT}`,
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
});
const opened = await openStore(config, 'growth:');
if (!(opened instanceof RedisStore)) throw new Error('expected the Redis store');
const store: RedisStore = opened;
const client = store.client as Redis;
const now = Date.now();
// The fill writes what a bot that counted from the start would have (bench/fill-follow-ups.ts):
// its store began counting before the oldest follow-up, so no day is read from records.
await store.followUpCountersSince(now - 31 * 24 * 3_600_000);
const engine = new Engine({ store, survey, newId: randomUUID });
const app = await createApp({ ...config, adminToken: undefined }, { store, survey });
const base = `http://127.0.0.1:${await app.listen()}`;

async function usedMemory(): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await client.info('memory'))?.[1] ?? Number.NaN);
}

async function median(work: () => Promise<unknown>, runs = RUNS): Promise<number> {
  await work(); // warm up
  const ms: number[] = [];
  const budget = performance.now() + BUDGET_MS;
  // At least three runs; fewer than `runs` when each takes long (a summary that scans, say).
  for (let i = 0; i < runs && (i < 3 || performance.now() < budget); i++) {
    const started = performance.now();
    await work();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)] ?? Number.NaN;
}

/** One turn of a new anonymous web chat conversation: the start, then the score. */
async function turn(): Promise<void> {
  const id = randomUUID();
  const person = { channel: 'webchat' as const, user: `anon:${id}`, conversation: id };
  await engine.handle({ ...person, messageId: randomUUID(), event: { kind: 'start' } });
  await engine.handle({ ...person, messageId: randomUUID(), event: { kind: 'text', text: '8' } });
}

async function firstByte(): Promise<void> {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/responses.csv`, { signal: controller.signal });
  const reader = response.body?.getReader();
  await reader?.read();
  controller.abort();
}

const filter = parseFilter({}, survey.segments, now);
const rows: string[] = [];
let responses = 0;
let followUps = 0;
let responseBytes = 0;
let followUpBytes = 0;
try {
  for (const size of SIZES) {
    const before = await usedMemory();
    await fillResponses(store, survey, { from: responses, to: size, now });
    const afterResponses = await usedMemory();
    let next = followUps;
    const target = size / 10;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < target) await writeFollowUp(store, survey, { i: next++, total: MAX / 10, now });
      }),
    );
    responseBytes += afterResponses - before;
    followUpBytes += (await usedMemory()) - afterResponses;
    responses = size;
    followUps = target;
    const get = await median(() => client.get('growth:absent'));
    const turnMs = (await median(turn)) / 2;
    const summary = await median(() => buildSummary(store, survey, filter));
    const summaryHttp = await median(async () => (await fetch(`${base}/api/reports/summary`)).json());
    const queue = await median(async () => (await fetch(`${base}/api/follow-ups?limit=50`)).json());
    const csv = await median(firstByte, 5);
    const cells = [turnMs, summary, summaryHttp, queue, csv].map(
      (ms) => `${ms.toFixed(2)} (${(ms / get).toFixed(0)}×)`,
    );
    rows.push(
      `| ${size.toLocaleString('en')} | ${target.toLocaleString('en')} | ${get.toFixed(2)} | ${cells.join(' | ')} | ` +
        `${Math.round(responseBytes / responses)} | ${Math.round(followUpBytes / followUps)} |`,
    );
    console.log(rows.at(-1));
  }
} finally {
  await app.close();
  await store.close();
  stopRedis();
}
console.log(
  `\nmedians in ms (and in GETs of the same run), Redis ${PORT} of its own, up to ${RUNS} runs each (5 for the CSV; at least 3 within ${BUDGET_MS / 1000} s)`,
);
console.log(
  '| responses | follow-ups | one GET | a turn | summary (function) | GET /api/reports/summary | GET /api/follow-ups | CSV first byte | bytes/response | bytes/follow-up |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);

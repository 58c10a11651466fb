/**
 * The summary report on a large response log: loads 1,000,000 responses into Redis (the same
 * keys and counters the engine writes, in pipelines, a batch at a time: bench/fill-responses.ts), then times
 *   - the summary from the day counters (the report function, and GET /api/reports/summary),
 *   - the same summary computed by scanning the response log (the baseline it replaces),
 *   - the CSV export of the whole log over HTTP, with the process's peak memory while it streams.
 * Everything lives under a unique key prefix and is deleted at the end, also on Ctrl-C.
 *
 *   npm run bench:summary                       (needs Redis on 127.0.0.1:6379, ~1 GB free in it)
 *   npm run bench:summary -- --responses=100000 (a smaller log)
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { DEMO_SURVEY } from '../src/demo-survey.js';
import { summariseScores } from '../src/nps.js';
import { parseFilter } from '../src/reports/filters.js';
import { readLog } from '../src/reports/responses.js';
import { bandsOf, buildSummary } from '../src/reports/summary.js';
import { openStore } from '../src/store/open.js';
import { RedisStore } from '../src/store/redis.js';
import { parseSurvey } from '../src/survey-file.js';
import { deleteKeysUnder } from './bench-keys.js';
import { fillResponses } from './fill-responses.js';

const RESPONSES = Number(/^--responses=(\d+)$/.exec(process.argv[2] ?? '')?.[1] ?? 1_000_000);
const RUNS = 30;

const TOUCHPOINTS = [null, 'checkout', 'onboarding', 'support-ticket'];
const survey = parseSurvey(
  { ...DEMO_SURVEY, id: 'bench-summary', segments: ['plan'], touchpoints: TOUCHPOINTS.flatMap((tp) => tp ?? []) },
  'bench survey',
);
const prefix = `bench:${randomUUID().slice(0, 8)}:`;
const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
const opened = await openStore(config, prefix);
if (!(opened instanceof RedisStore)) throw new Error('expected the Redis store');
const store: RedisStore = opened;
const client = store.client as Redis;
const now = Date.now();

async function load(): Promise<void> {
  const started = performance.now();
  await fillResponses(store, survey, { from: 0, to: RESPONSES, now }, (written) => {
    if (written % 200_000 === 0) process.stdout.write(`\r  loaded ${written} responses`);
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(`\rloaded ${RESPONSES} responses in ${seconds.toFixed(1)} s (${Math.round(RESPONSES / seconds)}/s)`);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

async function time(runs: number, work: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  await work(); // warm up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { median: percentile(ms, 0.5), p95: percentile(ms, 0.95) };
}

async function scanSummary(filter: ReturnType<typeof parseFilter>) {
  const counts = new Array<number>(11).fill(0);
  for await (const response of readLog(store, survey.id, filter, 'asc', null, 1000)) {
    counts[response.score] = (counts[response.score] ?? 0) + 1;
  }
  return summariseScores(counts, bandsOf(survey));
}

async function csvExport(base: string): Promise<void> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const started = performance.now();
  const response = await fetch(`${base}/api/responses.csv`);
  let bytes = 0;
  let rows = 0;
  if (!response.body) throw new Error(`the export answered ${response.status} without a body`);
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) rows += 1;
  }
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
  console.log(
    `CSV export over HTTP: ${rows - 1} rows, ${mb(bytes)} in ${seconds.toFixed(1)} s (${Math.round((rows - 1) / seconds)} rows/s); ` +
      `process RSS ${mb(baseline)} before, peak ${mb(peak)} while streaming (+${mb(peak - baseline)})`,
  );
}

async function cleanUp(): Promise<void> {
  console.log(`deleted ${await deleteKeysUnder(client, prefix)} keys under ${prefix}`);
}

process.once('SIGINT', () => {
  void cleanUp().finally(() => process.exit(130));
});

try {
  console.log(`summary on ${RESPONSES} responses in Redis 127.0.0.1:6379 (prefix ${prefix})`);
  await load();
  const filter = parseFilter({}, survey.segments, now);
  const fromCounters = await buildSummary(store, survey, filter);
  const app = await createApp({ ...config, adminToken: undefined }, { store, survey });
  const base = `http://127.0.0.1:${await app.listen()}`;
  try {
    const direct = await time(RUNS, () => buildSummary(store, survey, filter));
    const http = await time(RUNS, async () => (await fetch(`${base}/api/reports/summary`)).json());
    const scanStarted = performance.now();
    const scanned = await scanSummary(filter);
    const scanMs = performance.now() - scanStarted;
    const same = JSON.stringify(scanned) === JSON.stringify({ ...fromCounters, responseRate: undefined });
    console.log(
      `summary (last 90 days): total ${fromCounters.total}, NPS ${fromCounters.nps} ± ${fromCounters.marginOfError}; ` +
        `scan gives the same numbers: ${same ? 'yes' : 'NO'}`,
    );
    console.log(
      `from counters, function:     median ${direct.median.toFixed(1)} ms, p95 ${direct.p95.toFixed(1)} ms (${RUNS} runs)`,
    );
    console.log(
      `from counters, GET over HTTP: median ${http.median.toFixed(1)} ms, p95 ${http.p95.toFixed(1)} ms (${RUNS} runs)`,
    );
    console.log(`by scanning the log:          ${(scanMs / 1000).toFixed(1)} s (one run)`);
    console.log(`ratio scan / counters (median): ${Math.round(scanMs / direct.median)}×`);
    await csvExport(base);
  } finally {
    await app.close();
  }
} finally {
  await cleanUp();
  await store.close();
}

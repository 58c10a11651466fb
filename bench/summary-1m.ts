/**
 * The summary report on a large response log: loads 1,000,000 responses into Redis (the same
 * keys and counters the engine writes, in pipelines, a batch at a time), then times
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
import { countedValuesOf, counterField, dayOf, rollupChanges } from '../src/engine/response.js';
import type { Channel, SurveyResponse } from '../src/engine/types.js';
import { summariseScores } from '../src/nps.js';
import { parseFilter } from '../src/reports/filters.js';
import { readLog } from '../src/reports/responses.js';
import { bandsOf, buildSummary } from '../src/reports/summary.js';
import { openStore } from '../src/store/open.js';
import { RedisStore } from '../src/store/redis.js';
import { parseSurvey } from '../src/survey-file.js';

const RESPONSES = Number(/^--responses=(\d+)$/.exec(process.argv[2] ?? '')?.[1] ?? 1_000_000);
const BATCH = 5000;
const RUNS = 30;
const DAY_MS = 86_400_000;

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

const CHANNELS: Channel[] = ['slack', 'teams', 'webchat'];
const REASONS = {
  detractor: ['Too expensive for what it does', 'Support never called back', '软件经常闪退', '價格太貴', 'So slow'],
  passive: ['Would be nice to have an export feature', 'Setup was confusing', '功能还可以', 'skip'],
  promoter: ['Fast and easy to use', '客服態度很好', 'Great quality', 'Just works'],
} as const;

/** A deterministic spread: about 25% detractors, 35% passives, 40% promoters. */
function responseNumber(i: number): SurveyResponse {
  const score = [0, 2, 4, 5, 6, 7, 7, 8, 8, 8, 9, 9, 9, 10, 10, 10, 3, 7, 9, 10][i % 20] as number;
  const category = score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
  const reasons = REASONS[category];
  const reason = reasons[i % reasons.length] as string;
  // Spread over the last 90 days (less an hour) by a multiplicative hash of the number.
  const spread = (Math.imul(i, 2654435761) >>> 0) / 4294967296;
  const startedAt = now - 3_600_000 - Math.floor(spread * (90 * DAY_MS - 7_200_000));
  const completed = i % 7 !== 0;
  return {
    id: randomUUID(),
    surveyId: survey.id,
    channel: CHANNELS[i % 3] as Channel,
    user: `bench-user-${i}`,
    locale: i % 5 === 0 ? 'zh-CN' : 'en',
    touchpoint: TOUCHPOINTS[i % 4] ?? null,
    properties: { plan: i % 3 === 0 ? 'pro' : 'free', region: i % 2 === 0 ? 'eu' : 'us' },
    score,
    category,
    reason: reason === 'skip' ? null : reason,
    area: category === 'detractor' ? (['price', 'service', 'reliability'][i % 3] as string) : null,
    contact: false,
    reward: null,
    status: completed ? 'completed' : 'answered',
    startedAt: new Date(startedAt).toISOString(),
    answeredAt: new Date(startedAt + 30_000).toISOString(),
    completedAt: completed ? new Date(startedAt + 120_000).toISOString() : null,
  };
}

async function load(): Promise<void> {
  const started = performance.now();
  for (let first = 0; first < RESPONSES; first += BATCH) {
    const pipeline = client.pipeline();
    const counters = new Map<string, Map<string, number>>();
    const count = (key: string, field: string, by: number) => {
      const hash = counters.get(key) ?? new Map<string, number>();
      hash.set(field, (hash.get(field) ?? 0) + by);
      counters.set(key, hash);
    };
    for (let i = first; i < Math.min(first + BATCH, RESPONSES); i++) {
      const response = responseNumber(i);
      const person = { channel: response.channel, user: response.user };
      const shard = store.keys.shardOf(person);
      pipeline.set(store.keys.response(person, response.id), JSON.stringify(response));
      pipeline.zadd(store.keys.responseLog(shard, survey.id), Date.parse(response.startedAt), response.id);
      // Exactly the counters the engine's turns would have written, added up per batch.
      for (const delta of rollupChanges(null, response, countedValuesOf(survey))) {
        count(store.keys.rollup(shard, delta.surveyId, delta.day), delta.field, delta.by);
      }
      const sentDay = dayOf(Date.parse(response.startedAt));
      const sent = counterField('sent', response.channel, response.touchpoint ?? '');
      // One in six surveys sent is never answered.
      count(store.keys.rollup(shard, survey.id, sentDay), sent, i % 5 === 0 ? 2 : 1);
    }
    for (const [key, fields] of counters) for (const [field, by] of fields) pipeline.hincrby(key, field, by);
    const replies = await pipeline.exec();
    const failed = replies?.find(([error]) => error);
    if (failed) throw failed[0];
    if ((first / BATCH) % 40 === 0) process.stdout.write(`\r  loaded ${first + BATCH} responses`);
  }
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
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 10_000);
    cursor = next;
    if (keys.length > 0) deleted += await client.unlink(...keys);
  } while (cursor !== '0');
  console.log(`deleted ${deleted} keys under ${prefix}`);
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

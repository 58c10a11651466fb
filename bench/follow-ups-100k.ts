/**
 * The follow-ups queue at 100,000 follow-ups in Redis: writes them the way the engine does (each
 * opened by a turn's commit, a fifth then claimed by an agent's compare-and-set), then times the
 * queue's first page (50, open and claimed, soonest due first)
 *   - from the store (`listFollowUps`) and over HTTP (`GET /api/follow-ups`),
 *   - against the baselines in the same run: one ZRANGE of the open list's first 50, and that
 *     ZRANGE followed by the 50 records' HGETs (the least any listing that shows records costs).
 * Everything lives under a unique key prefix and is deleted at the end, also on Ctrl-C.
 *
 *   npm run bench:follow-ups                          (needs Redis on 127.0.0.1:6379)
 *   npm run bench:follow-ups -- --follow-ups=10000    (a smaller queue)
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { DEMO_SURVEY } from '../src/demo-survey.js';
import { openStore } from '../src/store/open.js';
import { RedisStore } from '../src/store/redis.js';
import { parseSurvey } from '../src/survey-file.js';
import { deleteKeysUnder } from './bench-keys.js';
import { writeFollowUp } from './fill-follow-ups.js';

const FOLLOW_UPS = Number(/^--follow-ups=(\d+)$/.exec(process.argv[2] ?? '')?.[1] ?? 100_000);
const IN_FLIGHT = 200;
const RUNS = 50;
const PAGE = 50;

const survey = parseSurvey({ ...DEMO_SURVEY, id: 'bench-follow-ups' }, 'bench survey');
const prefix = `bench:${randomUUID().slice(0, 8)}:`;
const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
const opened = await openStore(config, prefix);
if (!(opened instanceof RedisStore)) throw new Error('expected the Redis store');
const store: RedisStore = opened;
const client = store.client as Redis;
const now = Date.now();

async function load(): Promise<void> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < FOLLOW_UPS) await writeFollowUp(store, survey, { i: next++, total: FOLLOW_UPS, now });
    }),
  );
  console.log(`wrote ${FOLLOW_UPS} follow-ups in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

async function time(work: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  await work(); // warm up
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await work();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { median: percentile(ms, 0.5), p95: percentile(ms, 0.95) };
}

async function cleanUp(): Promise<void> {
  console.log(`deleted ${await deleteKeysUnder(client, prefix)} keys under ${prefix}`);
}

process.once('SIGINT', () => {
  void cleanUp().finally(() => process.exit(130));
});

const line = (label: string, t: { median: number; p95: number }, baseline: number) =>
  console.log(
    `${label.padEnd(44)} median ${t.median.toFixed(2)} ms, p95 ${t.p95.toFixed(2)} ms, ${(t.median / baseline).toFixed(1)}× one ZRANGE`,
  );

try {
  console.log(`the follow-ups queue on ${FOLLOW_UPS} follow-ups in Redis 127.0.0.1:6379 (prefix ${prefix})`);
  await load();
  const shards = store.keys.allShards();
  const openList = store.keys.followUpList(shards[0] ?? 0, 'open');
  const counts = await store.countFollowUps(now);
  console.log(`open ${counts.open}, claimed ${counts.claimed}, past due unanswered ${counts.waitingPastDue}`);
  const app = await createApp({ ...config, adminToken: undefined }, { store, survey });
  const base = `http://127.0.0.1:${await app.listen()}`;
  try {
    const page = await store.listFollowUps({ statuses: ['open', 'claimed'], after: null, limit: PAGE });
    const dues = page.followUps.map((f) => Date.parse(f.dueAt));
    const sorted = dues.every((due, i) => i === 0 || (dues[i - 1] ?? 0) <= due);
    console.log(`first page: ${page.followUps.length} follow-ups, soonest due first: ${sorted ? 'yes' : 'NO'}`);

    const zrange = await time(() => client.zrange(openList, '0', String(PAGE - 1), 'WITHSCORES'));
    const zrangeRecords = await time(async () => {
      const ids = await client.zrange(openList, '0', String(PAGE - 1));
      const shard = shards[0] ?? 0;
      await Promise.all(ids.map((id) => client.hget(store.keys.followUp(shard, id).record, 'd')));
    });
    const fromStore = await time(() =>
      store.listFollowUps({ statuses: ['open', 'claimed'], after: null, limit: PAGE }),
    );
    const overHttp = await time(async () => (await fetch(`${base}/api/follow-ups?limit=${PAGE}`)).json());
    line('baseline: one ZRANGE of the open list (50)', zrange, zrange.median);
    line('baseline: that ZRANGE + the 50 records', zrangeRecords, zrange.median);
    line('queue, first page (store.listFollowUps)', fromStore, zrange.median);
    line('queue, first page (GET /api/follow-ups)', overHttp, zrange.median);
  } finally {
    await app.close();
  }
} finally {
  await cleanUp();
  await store.close();
}

/**
 * Outbox throughput against a healthy local webhook receiver (its own process), on memory and on
 * Redis. Baseline in the same run: the receiver's capacity measured with a plain HTTP client
 * loop (fetch, as many requests in flight as the dispatcher's concurrency). Then, per store:
 * - drain: events already waiting, delivered as fast as the dispatcher can;
 * - paced: events produced at a fixed rate (10× the soak's ~55/s by default) while the dispatcher
 *   runs as in the app (nudged on every write): delivered/s against produced/s, and what is
 *   left waiting at the end.
 *
 *   npm run bench:outbox                   (needs Redis on 127.0.0.1:6379)
 *   npm run bench:outbox -- 550 10 5000    (rate/s, paced seconds, drained events)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import type { Cluster, Redis } from 'ioredis';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { OutboxDispatcher } from '../src/outbox/dispatcher.js';
import { WebhookSink } from '../src/outbox/webhook-sink.js';
import { MemoryStore } from '../src/store/memory.js';
import { openStore } from '../src/store/open.js';
import { RedisStore } from '../src/store/redis.js';
import type { ConversationStore, OutgoingEvent } from '../src/store/types.js';
import { freshKey, recordFor, turnWrite } from '../test/support/turn-writes.js';
import { startListening } from './processes.js';

const [rate = 550, pacedSeconds = 10, drained = 5000] = process.argv.slice(2).map(Number);
const concurrency = loadConfig({}).outbox.concurrency;
const key = randomBytes(32);
const receiver = await startListening(['bench/outbox-receiver.ts']);
const url = `http://127.0.0.1:${receiver.port}/hook`;
const received = async () => ((await (await fetch(`${url}/count`)).json()) as { distinct: number }).distinct;

/** An event of the size of a real `response.scored` (a Response as data). */
function eventOf(person: { channel: string; user: string }): OutgoingEvent {
  const data = {
    ...person,
    id: randomUUID(),
    surveyId: 'acme',
    locale: 'en',
    score: 9,
    category: 'promoter',
    reason: 'Quick and friendly support, the agent knew the product well',
    touchpoint: 'after-support',
    properties: { plan: 'team', region: 'eu' },
    startedAt: new Date().toISOString(),
  };
  return { id: randomUUID(), type: 'response.scored', at: new Date().toISOString(), data };
}

async function write(store: ConversationStore): Promise<void> {
  const person = freshKey();
  await store.commit(turnWrite(person, recordFor(person), { events: [eventOf(person)] }));
}

async function baseline(seconds: number): Promise<number> {
  const body = JSON.stringify(eventOf({ channel: 'webchat', user: 'baseline' }));
  const until = Date.now() + seconds * 1000;
  let sent = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await response.body?.cancel();
        sent += 1;
      }
    }),
  );
  return sent / seconds;
}

function dispatcherOn(store: ConversationStore): OutboxDispatcher {
  const dispatcher = new OutboxDispatcher({ store, logger: pino({ level: 'warn' }) });
  dispatcher.add(new WebhookSink(url, key));
  return dispatcher;
}

async function waitFor(target: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await received()) < target && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Delivered/s, and this process's CPU time per delivered event (µs): the bot's cost, little moved by the machine's load. */
async function drain(store: ConversationStore): Promise<{ rate: number; cpuMicros: number }> {
  for (let i = 0; i < drained; i++) await write(store);
  const before = await received();
  const dispatcher = dispatcherOn(store);
  const started = performance.now();
  const cpu = process.cpuUsage();
  dispatcher.start();
  await waitFor(before + drained, 120_000);
  await dispatcher.idle();
  const { user, system } = process.cpuUsage(cpu);
  const seconds = (performance.now() - started) / 1000;
  await dispatcher.stop();
  const delivered = (await received()) - before;
  return { rate: delivered / seconds, cpuMicros: (user + system) / delivered };
}

async function paced(store: ConversationStore) {
  const dispatcher = dispatcherOn(store);
  dispatcher.start();
  const before = await received();
  const started = performance.now();
  let produced = 0;
  // Writes on a 10 ms tick, each tick catching up to the rate, nudging as a turn does.
  while (performance.now() - started < pacedSeconds * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    const writes: Promise<void>[] = [];
    for (; produced < due; produced++) writes.push(write(store));
    await Promise.all(writes);
    dispatcher.nudge();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const seconds = (performance.now() - started) / 1000;
  const delivered = (await received()) - before;
  const backlog = await store.outboxBacklog();
  const oldest = await store.oldestPendingAt();
  await waitFor(before + produced, 30_000);
  await dispatcher.stop();
  return {
    produced: produced / seconds,
    delivered: delivered / seconds,
    backlog,
    oldestSeconds: oldest === null ? 0 : (Date.now() - oldest) / 1000,
  };
}

async function deleteByPrefix(client: Redis | Cluster, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await (client as Redis).scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await (client as Redis).del(...keys);
  } while (cursor !== '0');
}

const fmt = (n: number) => n.toFixed(0).padStart(7);
try {
  await baseline(1);
  const capacity = await baseline(5);
  const load = () => loadavg()[0]?.toFixed(1);
  console.log(`load average ${load()} (the machine is shared)`);
  console.log(`receiver capacity, plain fetch loop (${concurrency} in flight): ${fmt(capacity)} requests/s`);
  const prefix = `bench:${randomUUID().slice(0, 8)}:`;
  const redis = await openStore(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }), prefix);
  if (!(redis instanceof RedisStore)) throw new Error('expected Redis');
  for (const [name, open] of [
    ['memory', async () => new MemoryStore() as ConversationStore],
    ['Redis', async () => redis as ConversationStore],
  ] as const) {
    const store = await open();
    const drainRun = await drain(store);
    const run = await paced(store);
    console.log(
      `${name.padEnd(6)} drain ${drained} waiting: ${fmt(drainRun.rate)} events/s (${((drainRun.rate / capacity) * 100).toFixed(0)}% of the baseline); ` +
        `${drainRun.cpuMicros.toFixed(0)} µs of bot CPU per event = ${fmt(1e6 / drainRun.cpuMicros)} events/s per core`,
    );
    console.log(
      `${name.padEnd(6)} paced ${pacedSeconds} s: produced ${fmt(run.produced)}/s, delivered ${fmt(run.delivered)}/s, ` +
        `left waiting at the end ${run.backlog} (oldest ${run.oldestSeconds.toFixed(2)} s)`,
    );
  }
  console.log(
    `receiver capacity again at the end:           ${fmt(await baseline(5))} requests/s, load average ${load()}`,
  );
  await deleteByPrefix(redis.client, prefix);
  await redis.close();
} finally {
  receiver.child.kill('SIGTERM');
}

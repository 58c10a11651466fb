/**
 * Counts what one turn costs in Redis: socket writes (round trips) and commands per turn, for
 * ordinary turns and for a promoter's reward turn, and the bytes a finished conversation and
 * its response keep. Baseline in the same run: a plain GET + SET per turn (2 round trips),
 * whose CPU time in this process is the unit the turns' CPU times are given in: what the engine,
 * the dialog, encoding and parsing cost on the bot's side, little disturbed by other load on
 * the machine (wall-clock latency under load is bench:webchat's job).
 *
 *   npm run bench:round-trips                                   (needs Redis on 127.0.0.1:6379)
 *   npm run bench:round-trips -- --redis=redis://127.0.0.1:6701  (a server of its own: the
 *     command count is the server's global counter, which other clients inflate)
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Redis } from 'ioredis';
import { SharedClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { DEMO_SURVEY } from '../src/demo-survey.js';
import { Engine } from '../src/engine/engine.js';
import type { InboundEvent } from '../src/engine/types.js';
import { openStore } from '../src/store/open.js';
import { RedisStore } from '../src/store/redis.js';
import { parseSurvey } from '../src/survey-file.js';

const CONVERSATIONS = 200;
const prefix = `bench:${randomUUID().slice(0, 8)}:`;
const REDIS_URL = /^--redis=(.+)$/.exec(process.argv[2] ?? '')?.[1] ?? 'redis://127.0.0.1:6379';
const store = await openStore(loadConfig({ REDIS_URL }), prefix);
if (!(store instanceof RedisStore)) throw new Error('expected Redis');
const client = store.client as Redis;
const survey = parseSurvey(DEMO_SURVEY, 'demo');
await store.addRewardCodes(survey.id, survey.reward.codes);
// The turns take their time from the shared clock, as the app wires them (src/clock.ts): its
// offset to Redis TIME is measured in the background, so it adds no round trip to a turn.
const clock = new SharedClock(
  () => store.sharedTime(),
  Date.now,
  (error) => console.error(error),
  1000,
);
await clock.sync();
clock.start();
const engine = new Engine({ store, survey, newId: randomUUID, clock: clock.now });

// Every flush of ioredis's command queue is one write on the socket: one round trip.
const socket = (client as unknown as { stream: Socket }).stream;
let writes = 0;
const write = socket.write.bind(socket);
socket.write = ((...args: Parameters<Socket['write']>) => {
  writes += 1;
  return write(...args);
}) as Socket['write'];

async function commandsProcessed(): Promise<number> {
  const info = await client.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
}

const timings: { label: string; cpuPerTurn: number }[] = [];
/** User + system CPU time of this process since `since`, in microseconds. */
const cpuMicros = (since: NodeJS.CpuUsage): number => {
  const { user, system } = process.cpuUsage(since);
  return user + system;
};

async function measure(label: string, turns: (id: string) => InboundEvent[]): Promise<void> {
  let turnCount = 0;
  let elapsed = 0;
  const before = await commandsProcessed();
  const writesBefore = writes;
  for (let i = 0; i < CONVERSATIONS; i++) {
    const id = randomUUID();
    for (const event of turns(id)) {
      const started = process.cpuUsage();
      await engine.handle({ channel: 'webchat', user: `anon:${id}`, conversation: id, messageId: randomUUID(), event });
      elapsed += cpuMicros(started);
      turnCount += 1;
    }
  }
  const roundTrips = (writes - writesBefore) / turnCount;
  // INFO itself is one command and one write; leave it out.
  const commands = ((await commandsProcessed()) - before - 1) / turnCount;
  writes -= 1;
  timings.push({ label, cpuPerTurn: elapsed / turnCount });
  console.log(
    `${label.padEnd(34)} ${roundTrips.toFixed(2)} round trips/turn, ${commands.toFixed(2)} commands/turn (incl. those inside the scripts)`,
  );
}

const text = (t: string): InboundEvent => ({ kind: 'text', text: t });
console.log(`Redis cost per turn, ${CONVERSATIONS} conversations each, one engine, sequential turns\n`);
await measure('detractor (start, score, why, area, contact)', () => [
  { kind: 'start', touchpoint: 'support' },
  text('4'),
  text('Slow'),
  { kind: 'choice', value: 'service' },
  { kind: 'choice', value: 'yes' },
]);
await measure('passive (start, score, why)', () => [{ kind: 'start' }, text('7'), text('More integrations')]);
await measure('promoter (start, score, why + reward)', () => [{ kind: 'start' }, text('10'), text('Fast support')]);

// Baseline: the floor any stateful bot pays, one GET and one SET per turn.
const baselineBefore = writes;
let baselineCpu = 0;
for (let i = 0; i < CONVERSATIONS; i++) {
  const key = `${prefix}baseline:${i}`;
  const started = process.cpuUsage();
  await client.get(key);
  await client.set(key, JSON.stringify({ step: 'reason', score: 7 }));
  baselineCpu += cpuMicros(started);
}
baselineCpu /= CONVERSATIONS;
console.log(
  `${'baseline (GET + SET)'.padEnd(34)} ${((writes - baselineBefore) / CONVERSATIONS).toFixed(2)} round trips/turn`,
);
console.log(`\nCPU time per turn in this process, in baseline turns (GET + SET = ${baselineCpu.toFixed(0)} µs here):`);
for (const { label, cpuPerTurn } of timings) {
  console.log(`${label.padEnd(34)} ${(cpuPerTurn / baselineCpu).toFixed(2)}× (${cpuPerTurn.toFixed(0)} µs)`);
}

// Bytes kept: one finished detractor conversation and its response.
const id = randomUUID();
const person = { channel: 'webchat' as const, user: `anon:${id}` };
for (const event of [
  { kind: 'start' } as InboundEvent,
  text('5'),
  text('The app crashes when I export'),
  { kind: 'choice', value: 'reliability' } as InboundEvent,
  { kind: 'choice', value: 'no' } as InboundEvent,
]) {
  await engine.handle({ ...person, conversation: id, messageId: randomUUID(), event });
}
const { record } = await store.load({ ...person, conversation: id });
const conversationBytes = await client.memory('USAGE', store.keys.conversation(person, id));
const transcriptBytes = await client.memory('USAGE', store.keys.transcript(person, id));
const responseBytes = await client.memory('USAGE', store.keys.response(person, record?.responseId ?? ''));
console.log(
  `\nbytes kept: finished conversation ${conversationBytes} + its transcript ${transcriptBytes} (both expire after expiryHours), response ${responseBytes}`,
);

let cursor = '0';
do {
  const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
  cursor = next;
  if (keys.length > 0) await client.del(...keys);
} while (cursor !== '0');
await clock.stop();
await store.close();

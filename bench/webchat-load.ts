/**
 * Web chat throughput and latency: complete surveys (start, score, reason) driven over HTTP by
 * autocannon at 50 concurrent conversations against `npm start` on Redis, and in the same run the
 * floor (bench/floor-server.ts: parse the JSON, one Redis GET and one SET per request).
 *
 *   npm run bench:webchat -- [seconds=10] [--cpu-prof=<dir>]
 * Uses Redis database 5 on 127.0.0.1:6379 and empties it afterwards. With `--cpu-prof=<dir>` the
 * floor and the bot run under Node's CPU profiler and write their `.cpuprofile` there when they
 * stop (read them with `npm run bench:profile-table -- <file>`, or Chrome DevTools).
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { startListening } from './processes.js';

const flags = process.argv.slice(2);
const SECONDS = Number(flags.find((flag) => /^\d+$/.test(flag)) ?? 10);
const PROFILE_DIR = /^--cpu-prof=(.+)$/.exec(flags.find((flag) => flag.startsWith('--cpu-prof=')) ?? '')?.[1];
const CONNECTIONS = 50;
const REDIS = 'redis://127.0.0.1:6379/5';

interface Session {
  sessionId: string;
  token: string;
}

interface Result {
  requestsPerSecond: number;
  /** The server process's CPU time (all its threads) per request answered, in µs; null off Linux. */
  cpuPerRequest: number | null;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  surveys: number;
}

/** A message of the session in the connection's context; its id is stable per step, as a client's would be. */
function message<R extends object>(request: R, session: Session, body: Record<string, string>, step: string) {
  return {
    ...request,
    path: `/webchat/sessions/${session.sessionId}/messages`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
    body: JSON.stringify({ ...body, clientMessageId: `${step}-${session.sessionId}` }),
  };
}

/**
 * A process's CPU seconds so far (user + system, every thread), from /proc: the one figure of a
 * run that the rest of a shared machine does not move much, unlike requests per second.
 */
function cpuSecondsOf(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Each connection takes survey after survey: start a session, click a score, type a reason. */
async function load(port: number, pid: number | undefined): Promise<Result> {
  let surveys = 0;
  const cpuBefore = cpuSecondsOf(pid);
  const instance = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        path: '/webchat/sessions',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ locale: 'en', touchpoint: 'bench' }),
        onResponse: (_status, body, context) => {
          Object.assign(context, JSON.parse(body) as Session);
        },
      },
      {
        method: 'POST',
        setupRequest: (request, context) =>
          message(request, context as Session, { value: String(Math.floor(Math.random() * 11)) }, 's'),
      },
      {
        method: 'POST',
        setupRequest: (request, context) =>
          message(request, context as Session, { text: 'Fast and friendly support' }, 'r'),
        onResponse: () => {
          surveys += 1;
        },
      },
    ],
  });
  const cpuAfter = cpuSecondsOf(pid);
  const answered = instance.requests.total;
  return {
    requestsPerSecond: instance.requests.average,
    cpuPerRequest:
      cpuBefore === null || cpuAfter === null || answered === 0 ? null : ((cpuAfter - cpuBefore) * 1e6) / answered,
    p50: instance.latency.p50,
    p99: instance.latency.p99,
    errors: instance.errors,
    non2xx: instance.non2xx,
    surveys,
  };
}

const cpu = (r: Result) =>
  r.cpuPerRequest === null ? '' : `   ${r.cpuPerRequest.toFixed(0).padStart(4)} µs CPU/request`;
const row = (name: string, r: Result) =>
  `${name.padEnd(10)} ${r.requestsPerSecond.toFixed(0).padStart(7)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms${cpu(r)}   ${r.surveys} surveys, ${r.non2xx} non-2xx, ${r.errors} errors`;

const redis = new Redis(REDIS);
await redis.flushdb();
const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
const floor = await startListening([...profile, 'bench/floor-server.ts', '0', REDIS]);
const floorResult = await load(floor.port, floor.child.pid);
const floorStopped = new Promise((resolve) => floor.child.once('exit', resolve));
floor.child.kill('SIGTERM');
await floorStopped;

const bot = await startListening([...profile, 'src/main.ts'], {
  PORT: '0',
  HOST: '127.0.0.1',
  REDIS_URL: REDIS,
  LOG_LEVEL: 'info',
  WEBCHAT_CLIENT_RATE: '1000000/1000000',
  WEBCHAT_SECRET: 'bench',
});
// Warm-up: the first requests pay for JIT compilation and the Lua scripts' first EVAL.
await autocannon({ url: `http://127.0.0.1:${bot.port}/healthz`, connections: 4, amount: 200 });
const botResult = await load(bot.port, bot.child.pid);
// The profile is written as the process exits: wait for that before emptying Redis.
const stopped = new Promise((resolve) => bot.child.once('exit', resolve));
bot.child.kill('SIGTERM');
await stopped;
await redis.flushdb();
redis.disconnect();

console.log(
  `web chat surveys (start, score, reason), ${CONNECTIONS} connections, ${SECONDS} s each, Redis on 127.0.0.1`,
);
console.log(row('floor', floorResult));
console.log(row('npsbot', botResult));
console.log(
  `npsbot / floor: throughput ${((botResult.requestsPerSecond / floorResult.requestsPerSecond) * 100).toFixed(0)}% (target ≥ 70%), p99 ${(botResult.p99 / Math.max(floorResult.p99, 1)).toFixed(2)}× (target ≤ 2×)`,
);
if (PROFILE_DIR) {
  // Node names each profile after its process: CPU.<date>.<time>.<pid>.….cpuprofile.
  console.log(`profiles in ${PROFILE_DIR}: the floor's has pid ${floor.child.pid}, npsbot's pid ${bot.child.pid}`);
}
if (botResult.cpuPerRequest !== null && floorResult.cpuPerRequest !== null) {
  console.log(`CPU per request npsbot / floor: ${(botResult.cpuPerRequest / floorResult.cpuPerRequest).toFixed(2)}×`);
}

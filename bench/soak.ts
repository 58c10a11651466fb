/**
 * Soak with faults: many web chat conversations at once on two bot processes sharing one
 * Redis, every message sent twice (to both processes), some buttons clicked twice, and Redis
 * restarted in the middle. Afterwards: every scored conversation has exactly one response,
 * every completed one is completed once, no reward code went to two people, no process died.
 *
 *   npm run soak -- [conversations=1000]
 * Starts its own redis-server (append-only file on, so a restart keeps what was written).
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { freePort, RedisProcess } from '../test/support/redis-servers.js';
import { startListening } from './processes.js';

export interface SoakReport {
  conversations: number;
  scored: number;
  completed: number;
  responsesInLog: number;
  conversationsWithTwoResponses: number;
  completedResponses: number;
  rewardCodes: number;
  duplicateRewardCodes: number;
  unavailableAnswers: number;
  processesAlive: boolean;
  seconds: number;
}

const SECRET = 'soak-secret';

async function startBot(redisPort: number): Promise<{ child: ChildProcess; base: string }> {
  const { child, port } = await startListening(['src/main.ts'], {
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    WEBCHAT_SECRET: SECRET,
    WEBCHAT_CLIENT_RATE: '1000000/1000000',
    LOG_LEVEL: 'info',
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

interface Answer {
  status: number;
  json: {
    messages?: { text: string; choices?: { value: string }[]; expects: string }[];
    done?: boolean;
    sessionId?: string;
    token?: string;
  };
}

async function call(base: string, path: string, body: unknown, token?: string): Promise<Answer> {
  try {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Answer['json'] };
  } catch {
    return { status: 0, json: {} };
  }
}

export async function runSoak(conversations: number): Promise<SoakReport> {
  const started = Date.now();
  const redisServer = new RedisProcess(await freePort(), ['--appendonly', 'yes', '--appendfsync', 'always']);
  await redisServer.start();
  const bots = [await startBot(redisServer.port), await startBot(redisServer.port)];
  const counters = { scored: 0, completed: 0, unavailable: 0 };
  const random = () => Math.random();

  /** Sends one message to both processes at once (a retried delivery), until one answers 200. */
  const both = async (sessionId: string, token: string, body: Record<string, unknown>): Promise<Answer> => {
    const message = { ...body, clientMessageId: randomUUID() };
    for (let attempt = 0; attempt < 100; attempt++) {
      const answers = await Promise.all(
        bots.map((bot) => call(bot.base, `/webchat/sessions/${sessionId}/messages`, message, token)),
      );
      const ok = answers.find((answer) => answer.status === 200);
      if (ok) {
        // Both deliveries of one message must be answered alike.
        const texts = answers.filter((a) => a.status === 200).map((a) => JSON.stringify(a.json));
        if (new Set(texts).size > 1) throw new Error(`two different answers to one message: ${texts.join(' / ')}`);
        return ok;
      }
      counters.unavailable += answers.filter((a) => a.status === 503 || a.status === 0).length;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('no process answered for 10 s');
  };

  const survey = async (index: number) => {
    const bot = bots[index % 2] as (typeof bots)[number];
    let start: Answer = { status: 0, json: {} };
    for (let attempt = 0; attempt < 100 && start.status !== 201; attempt++) {
      start = await call(bot.base, '/webchat/sessions', { locale: 'en', touchpoint: 'soak' });
      if (start.status !== 201) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { sessionId, token } = start.json;
    if (!sessionId || !token) throw new Error('no session');
    const score = Math.floor(random() * 11);
    let answer = await both(sessionId, token, { value: String(score) });
    // A double click: the same button pressed again as a second message.
    if (random() < 0.2) answer = await both(sessionId, token, { value: String(score) });
    counters.scored += 1;
    answer = await both(sessionId, token, { text: 'Soaking reason' });
    if (score <= 6) {
      answer = await both(sessionId, token, { value: 'service' });
      answer = await both(sessionId, token, { value: random() < 0.5 ? 'yes' : 'no' });
    }
    if (answer.json.done) counters.completed += 1;
  };

  const restart = (async () => {
    // Mid-run: once half the conversations have a score.
    while (counters.scored < conversations / 2) await new Promise((resolve) => setTimeout(resolve, 20));
    await redisServer.stopGracefully();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await redisServer.start();
  })();
  await Promise.all([...Array.from({ length: conversations }, (_, i) => survey(i)), restart]);

  const redis = new Redis(redisServer.port);
  const responseIds = await redis.zrange('npsbot:{p:s0}:responses:demo', '0', '-1');
  const responses = await Promise.all(responseIds.map((id) => redis.get(`npsbot:{p:s0}:resp:${id}`)));
  const parsed = responses.flatMap((json) =>
    json ? [JSON.parse(json) as { user: string; status: string; reward: string | null }] : [],
  );
  const perUser = new Map<string, number>();
  for (const response of parsed) perUser.set(response.user, (perUser.get(response.user) ?? 0) + 1);
  const codes = parsed.flatMap((response) => (response.reward ? [response.reward] : []));
  const claimed = Object.values(await redis.hgetall('npsbot:{p:rewards:demo}:claimed'));
  redis.disconnect();

  const alive = await Promise.all(
    bots.map(async (bot) => bot.child.exitCode === null && (await fetch(`${bot.base}/healthz`)).ok),
  );
  for (const bot of bots) bot.child.kill('SIGTERM');
  await redisServer.destroy();
  return {
    conversations,
    scored: counters.scored,
    completed: counters.completed,
    responsesInLog: parsed.length,
    conversationsWithTwoResponses: [...perUser.values()].filter((count) => count > 1).length,
    completedResponses: parsed.filter((response) => response.status === 'completed').length,
    rewardCodes: codes.length,
    duplicateRewardCodes: codes.length - new Set(codes).size + (claimed.length - new Set(claimed).size),
    unavailableAnswers: counters.unavailable,
    processesAlive: alive.every(Boolean),
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = await runSoak(Number(process.argv[2] ?? 1000));
  console.log(JSON.stringify(report, null, 2));
  const ok =
    report.responsesInLog === report.scored &&
    report.completedResponses === report.completed &&
    report.conversationsWithTwoResponses === 0 &&
    report.duplicateRewardCodes === 0 &&
    report.processesAlive;
  console.log(ok ? 'soak: every invariant held' : 'soak: AN INVARIANT FAILED');
  process.exit(ok ? 0 : 1);
}

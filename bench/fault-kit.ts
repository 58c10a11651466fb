/**
 * What the fault run (bench/faults.ts) builds its cases from: a private redis-server per case on
 * a port of its own range (never the shared server), bots started as `npm start` starts them with
 * their log lines kept, a webhook receiver whose behaviour a case sets, and a web chat visitor.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { FAULT_PORTS, freePortBetween, RedisProcess } from '../test/support/redis-servers.js';

export const ADMIN_TOKEN = 'faults-admin-token';
export const WEBHOOK_SECRET = `whsec_${randomBytes(32).toString('base64')}`;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface PrivateRedis {
  port: number;
  url: string;
  client: Redis;
  stop(): Promise<void>;
}

/** A redis-server of this run only; `args` configure the fault (maxmemory, policy…). */
export async function privateRedis(args: string[] = []): Promise<PrivateRedis> {
  const server = new RedisProcess(await freePortBetween(FAULT_PORTS.low, FAULT_PORTS.high), [
    '--enable-debug-command',
    'yes',
    ...args,
  ]);
  await server.start();
  const client = new Redis(server.port, '127.0.0.1', { maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  return {
    port: server.port,
    url: `redis://127.0.0.1:${server.port}`,
    client,
    stop: async () => {
      client.disconnect();
      await server.destroy();
    },
  };
}

export interface Bot {
  child: ChildProcess;
  /** Stops reading its stdout: `paused` leaves the pipe unread, `closed` destroys the read end. */
  loseLogReader(how: 'paused' | 'closed'): void;
  port: number;
  base: string;
  /** Every log line so far (JSON), stdout and stderr. */
  lines: string[];
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** `npm start` with `env`; resolves once it listens, its log lines kept in `lines`. */
export function startBot(env: Record<string, string>): Promise<Bot> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      ADMIN_TOKEN,
      WEBCHAT_SECRET: 'faults-webchat-secret',
      WEBCHAT_CLIENT_RATE: '100000/10000',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let buffered = '';
  child.stderr?.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      lines.push(...complete);
      const port = /listening on port (\d+)/.exec(complete.join('\n'))?.[1];
      if (port) resolve(bot(Number(port)));
    };
    const bot = (port: number): Bot => ({
      child,
      loseLogReader: (how) => {
        child.stdout?.off('data', onData);
        if (how === 'paused') child.stdout?.pause();
        else child.stdout?.destroy();
      },
      port,
      base: `http://127.0.0.1:${port}`,
      lines,
      exited,
      stop: async () => {
        if (child.exitCode === null) child.kill('SIGTERM');
        await Promise.race([exited, sleep(15_000)]);
        if (child.exitCode === null) child.kill('SIGKILL');
      },
    });
    child.stdout?.on('data', onData);
    void exited.then((code) => reject(new Error(`the bot exited with ${code}: ${lines.slice(-5).join('\n')}`)));
  });
}

export interface Receiver {
  url: string;
  /** Deliveries per event id (answered or not). */
  deliveries: Map<string, number>;
  close(): Promise<void>;
}

/** A webhook receiver; `answer` (which a case may swap) decides each delivery's status and delay. */
export async function receiver(
  answer: (id: string) => { status: number; delayMs: number },
): Promise<Receiver & { answer: typeof answer }> {
  const deliveries = new Map<string, number>();
  const state = { answer };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { id } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string };
      deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
      const { status, delayMs } = state.answer(id);
      setTimeout(() => {
        res.statusCode = status;
        res.end();
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/npsbot`,
    deliveries,
    get answer() {
      return state.answer;
    },
    set answer(next) {
      state.answer = next;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Reply {
  status: number;
  texts: string[];
}

/** One web chat visitor: starts a session, then answers; each reply's status and texts. */
export async function visitor(base: string): Promise<{ start: Reply; say(value: string): Promise<Reply> } | null> {
  const started = await fetch(`${base}/webchat/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  }).catch(() => null);
  if (!started?.ok) return null;
  const session = (await started.json()) as { sessionId: string; token: string; messages: { text: string }[] };
  let turn = 0;
  return {
    start: { status: 200, texts: session.messages.map((m) => m.text) },
    say: async (value) => {
      turn += 1;
      const answered = await fetch(`${base}/webchat/sessions/${session.sessionId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
        body: JSON.stringify({ value, clientMessageId: `turn-${turn}` }),
      }).catch(() => null);
      if (!answered) return { status: 0, texts: [] };
      const body = (await answered.json().catch(() => ({}))) as { messages?: { text: string }[] };
      return { status: answered.status, texts: (body.messages ?? []).map((m) => m.text) };
    },
  };
}

/** An admin GET on a bot: status and JSON body. */
export async function adminGet(base: string, path: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return { status: res.status, json: await res.json().catch(() => null) };
}

/** Waits until `done()` holds or `ms` pass; whether it held. */
export async function until(done: () => boolean | Promise<boolean>, ms: number, every = 100): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await done()) return true;
    await sleep(every);
  }
  return done();
}

/**
 * Graceful shutdown: closing the app lets a turn that is under way finish and answer, while
 * new connections are refused; and the real process (`src/main.ts`, what `npm start` runs)
 * names its store in one line at start and exits 0 on SIGTERM, closing Redis.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { ConversationStore } from '../../src/store/types.js';
import { type RedisProcess, startStandaloneRedis } from '../support/redis-servers.js';

/** A memory store whose next commit waits until the test lets it go. */
function storeWithHeldCommit() {
  let release: () => void = () => {};
  let reached: () => void = () => {};
  const commitReached = new Promise<void>((resolve) => (reached = resolve));
  const gate = new Promise<void>((resolve) => (release = resolve));
  let holding = false;
  const inner = new MemoryStore();
  const store: ConversationStore = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== 'commit' || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (holding) {
          reached();
          await gate;
        }
        return value.apply(target, args);
      };
    },
  });
  return { store, commitReached, release, hold: () => (holding = true) };
}

/** POST over a keep-alive connection, as a browser would. */
function postJson(
  port: number,
  path: string,
  body: unknown,
  token: string,
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, connection: 'keep-alive' },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('closing the app', () => {
  it('finishes the turn under way and refuses new connections', async () => {
    const held = storeWithHeldCommit();
    const app = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), {
      store: held.store,
    });
    const port = await app.listen();
    const started = await fetch(`http://127.0.0.1:${port}/webchat/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const { sessionId, token } = (await started.json()) as { sessionId: string; token: string };

    held.hold();
    const answer = postJson(port, `/webchat/sessions/${sessionId}/messages`, { value: 10 }, token);
    await held.commitReached;
    let closed = false;
    const closing = app.close().then(() => (closed = true));
    expect(await connectionRefused(port)).toBe(true);
    expect(closed).toBe(false);

    held.release();
    expect(await answer).toMatchObject({ status: 200, json: { done: false, messages: [{ expects: 'text' }] } });
    await closing;
    expect(closed).toBe(true);
    const { record } = await held.store.load({
      channel: 'webchat',
      user: `anon:${sessionId}`,
      conversation: sessionId,
    });
    expect(record?.dialog.answers.score).toBe(10);
  });
});

/** Runs src/main.ts as `npm start` does, collecting its log lines. */
function startMain(env: Record<string, string>): {
  child: ChildProcess;
  lines: string[];
  warnings: string[];
  port: Promise<number>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const warnings: string[] = [];
  let buffered = '';
  const port = new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      for (const line of complete) {
        lines.push(line);
        const listening = /listening on port (\d+)/.exec(line)?.[1];
        if (listening) resolve(Number(listening));
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      lines.push(chunk.toString());
      // Node prints deprecation and experimental warnings on stderr as "(node:<pid>) …Warning: …".
      if (/Warning/.test(chunk.toString())) warnings.push(chunk.toString());
    });
    child.once('exit', (code) => reject(new Error(`main exited with ${code}: ${lines.join('\n')}`)));
  });
  return { child, lines, warnings, port };
}

describe('the process on Redis', () => {
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await startStandaloneRedis();
  });
  afterAll(async () => {
    await redis?.destroy();
  });

  it('names its store at start, keeps the conversation in Redis, warns only of persistence, and exits 0 on SIGTERM', async () => {
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL: `redis://127.0.0.1:${redis.port}`,
      WEBCHAT_SECRET: 'shutdown-test-secret',
      LOG_LEVEL: 'info',
    };
    const main = startMain(env);
    const port = await main.port;
    const storeLines = main.lines.filter((line) => line.includes('using the'));
    expect(storeLines).toHaveLength(1);
    expect(storeLines[0]).toContain(`using the Redis store at redis://127.0.0.1:${redis.port}`);
    // This test server keeps nothing on disk: the one logged warning is the durability one
    // (docs/operations.md), in one line; the Teams emulator-mode line is the other.
    const logged = main.lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as { level: number; msg: string }];
      } catch {
        return [];
      }
    });
    const warned = logged.filter((line) => line.level >= 40 && !line.msg.startsWith('Teams:'));
    expect(warned.map((line) => line.msg)).toEqual([
      expect.stringMatching(/^Redis store at .*: responses would not survive a Redis restart/),
    ]);

    const base = `http://127.0.0.1:${port}`;
    const started = await fetch(`${base}/webchat/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const { sessionId, token } = (await started.json()) as { sessionId: string; token: string };
    expect((await postJson(port, `/webchat/sessions/${sessionId}/messages`, { value: 6 }, token)).status).toBe(200);

    const exited = new Promise<number | null>((resolve) => main.child.once('exit', resolve));
    main.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(main.lines.join('\n')).toContain('SIGTERM received');
    // On every Node version CI runs (20 and 24), starting and holding a survey prints no warning.
    expect(main.warnings).toEqual([]);

    // A second process on the same Redis (and the same WEBCHAT_SECRET) carries the conversation on.
    const again = startMain(env);
    const secondPort = await again.port;
    const transcript = await fetch(`http://127.0.0.1:${secondPort}/webchat/sessions/${sessionId}/messages`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(transcript.status).toBe(200);
    const { messages } = (await transcript.json()) as { messages: { from: string; text: string }[] };
    expect(messages.filter((m) => m.from === 'user').map((m) => m.text)).toEqual(['6']);
    const stopped = new Promise<number | null>((resolve) => again.child.once('exit', resolve));
    again.child.kill('SIGTERM');
    expect(await stopped).toBe(0);
  });
});

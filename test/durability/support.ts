/** The real app on a private redis-server, with its log captured, and a promoter taken to the end. */
import { randomUUID } from 'node:crypto';
import { type App, type AppOverrides, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { type CapturedLog, capturedLog } from '../support/log-lines.js';
import type { RedisProcess } from '../support/redis-servers.js';

export interface Booted {
  app: App;
  base: string;
  log: CapturedLog;
}

export async function bootOn(redis: RedisProcess, overrides: AppOverrides = {}): Promise<Booted> {
  const log = capturedLog();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_URL: redis.url,
    REDIS_PREFIX: `durability-${randomUUID().slice(0, 8)}`,
    LOG_LEVEL: 'silent',
  });
  const app = await createApp(config, { logger: log.logger, ...overrides });
  const base = `http://127.0.0.1:${await app.listen()}`;
  return { app, base, log };
}

/** A web chat promoter scores 10 and says why; returns the message keys of the last turn. */
export async function promoterEnding(app: App): Promise<string[]> {
  const user = `anon:${randomUUID()}`;
  const say = (event: Parameters<App['engine']['handle']>[0]['event']) =>
    app.engine.handle({ channel: 'webchat', user, conversation: user, messageId: randomUUID(), event });
  await say({ kind: 'start', touchpoint: null, properties: {} });
  await say({ kind: 'text', text: '10' });
  const last = await say({ kind: 'text', text: 'quick delivery' });
  return last.messages.map((message) => message.key);
}

export async function metric(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
}

/** The start-up's durability warnings (the Teams emulator-mode warning and others left out). */
export const durabilityWarnings = (log: CapturedLog) => log.warnings().filter((line) => 'durability' in line);

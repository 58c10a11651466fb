/**
 * A turn that meets a bug (here: a stored record the engine cannot read, as a broken migration
 * would leave) is not a store outage: the web chat answers 500 `internal`, not 503 "try again",
 * and /metrics counts it as a bug, apart from store errors. The session starts on one process
 * and its answer reaches another, which has to read the record (a process plans an answer from
 * its own last write without reading, src/engine/recent-turns.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { ConversationKey, Loaded } from '../../src/store/types.js';

class StoreWithABrokenRecord extends MemoryStore {
  broken = false;
  override async load(key: ConversationKey): Promise<Loaded> {
    const loaded = await super.load(key);
    // The shape a bug would leave behind: a record without its dialog state.
    return this.broken ? { ...loaded, record: JSON.parse('{"schema":1,"recent":[]}') } : loaded;
  }
}

const store = new StoreWithABrokenRecord();
let app: App;
let otherProcess: App;
let base: string;
let otherBase: string;

beforeAll(async () => {
  // One secret, so a session one process issued is valid at the other, as behind a load balancer.
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    WEBCHAT_SECRET: 'turn-bug-test-secret-of-enough-length',
  });
  app = await createApp(config, { store });
  otherProcess = await createApp(config, { store });
  base = `http://127.0.0.1:${await app.listen()}`;
  otherBase = `http://127.0.0.1:${await otherProcess.listen()}`;
});
afterAll(async () => {
  await app?.close();
  await otherProcess?.close();
});

const counter = (metrics: string, name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(metrics)?.[1]);

describe('a turn that meets a bug', () => {
  it('is answered 500 and counted as a bug, not as a store error', async () => {
    const started = await fetch(`${base}/webchat/sessions`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    const { sessionId, token } = (await started.json()) as { sessionId: string; token: string };
    store.broken = true;
    const answer = await fetch(`${otherBase}/webchat/sessions/${sessionId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ value: 9 }),
    });
    store.broken = false;
    expect(answer.status).toBe(500);
    expect(await answer.json()).toEqual({ error: 'internal', message: 'internal error' });
    expect(answer.headers.get('retry-after')).toBeNull();
    const metrics = await (await fetch(`${otherBase}/metrics`)).text();
    expect(counter(metrics, 'npsbot_turn_bugs_total')).toBe(1);
    expect(counter(metrics, 'npsbot_store_errors_total')).toBe(0);
    expect(metrics).toMatch(/^npsbot_turns_total\{channel="webchat",outcome="failed"\} 1$/m);
  });
});

/**
 * Who the web chat may survey, over real HTTP: a page opening the bubble for a signed customer
 * respects their opt-out and the throttle, the visitor's own request goes ahead, the admin API
 * learns a web visitor's status without anything being sent, and a store that stops answering
 * gets 503s (and a metric) instead of crashes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIdentity } from '../../adapters/webchat/tokens.js';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Person, PersonRecord } from '../../src/engine/types.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { ConversationKey, Loaded } from '../../src/store/types.js';

const SECRET = 'who-is-surveyed-secret';
const ADMIN = { authorization: 'Bearer admin' };

/** A memory store that can be switched off, as Redis would be when it goes away. */
class SwitchableStore extends MemoryStore {
  down = false;
  override async load(key: ConversationKey): Promise<Loaded> {
    if (this.down) throw new Error('store is down');
    return super.load(key);
  }
  override async person(person: Person): Promise<PersonRecord> {
    if (this.down) throw new Error('store is down');
    return super.person(person);
  }
  override async canTakeWrites(): Promise<boolean> {
    return !this.down && super.canTakeWrites();
  }
}

const store = new SwitchableStore();
let app: App;
let base: string;

beforeAll(async () => {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    WEBCHAT_SECRET: SECRET,
    ADMIN_TOKEN: 'admin',
  });
  app = await createApp(config, { store });
  base = `http://127.0.0.1:${await app.listen()}`;
});
afterAll(async () => {
  await app?.close();
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

function openFor(user: string, extra: Record<string, unknown> = {}) {
  return post('/webchat/sessions', { user, signature: signIdentity(SECRET, user), locale: 'en', ...extra });
}

async function say(session: Record<string, unknown>, body: unknown) {
  return post(`/webchat/sessions/${String(session.sessionId)}/messages`, body, {
    authorization: `Bearer ${String(session.token)}`,
  });
}

const adminStatus = async (user: string) =>
  (await post('/api/surveys', { channel: 'webchat', user }, ADMIN)).json.status;

describe('a page opening the bubble for a signed customer', () => {
  it('is not asked when the customer opted out, unless the customer asks themselves', async () => {
    const user = 'customer-stop';
    expect(await adminStatus(user)).toBe('no_conversation');
    const first = await openFor(user, { touchpoint: 'after-purchase' });
    expect(first.status).toBe(201);
    const stopped = await say(first.json, { text: 'stop' });
    expect(stopped.json.done).toBe(true);

    const again = await openFor(user, { touchpoint: 'after-purchase' });
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ status: 'opted_out', messages: [], done: true });
    expect(await adminStatus(user)).toBe('opted_out');

    // Clicking "rate us" is the customer's own wish: it goes ahead and opts them back in.
    const ownWish = await openFor(user, { startedBy: 'visitor' });
    expect(ownWish.status).toBe(201);
    expect((ownWish.json.messages as { expects: string }[]).at(-1)?.expects).toBe('score');
  });

  it('is not asked again within throttleDays of the last survey', async () => {
    const user = 'customer-answered';
    const first = await openFor(user);
    expect((await say(first.json, { value: 9 })).status).toBe(200);
    const again = await openFor(user, { startedBy: 'page' });
    expect(again.json).toEqual({ status: 'throttled', messages: [], done: true });
    expect(await adminStatus(user)).toBe('throttled');
  });

  it('never reaches the visitor from the admin API, and leaves no trace of trying', async () => {
    const user = 'customer-never-seen';
    expect(await adminStatus(user)).toBe('no_conversation');
    expect(await store.person({ channel: 'webchat', user })).toEqual({ optedOut: false, lastSurveyedAt: null });
  });
});

describe('a store that stops answering', () => {
  it('gets 503 with Retry-After, a readiness failure and a counted store error, then recovers', async () => {
    const session = await openFor('customer-outage');
    expect(session.status).toBe(201);
    store.down = true;
    try {
      const turn = await say(session.json, { value: 7 });
      expect(turn.status).toBe(503);
      expect(turn.json).toEqual({
        error: 'unavailable',
        message: 'Sorry, something went wrong on our side. Please try again in a moment.',
      });
      expect(Number(turn.headers.get('retry-after'))).toBeGreaterThan(0);

      const transcript = await fetch(`${base}/webchat/sessions/${String(session.json.sessionId)}/messages`, {
        headers: { authorization: `Bearer ${String(session.json.token)}` },
      });
      expect(transcript.status).toBe(503);
      expect(((await openFor('customer-outage-2')).json as { error: string }).error).toBe('unavailable');
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      expect(await (await fetch(`${base}/metrics`, { headers: ADMIN })).text()).toMatch(
        /^npsbot_store_errors_total [1-9]\d*$/m,
      );
    } finally {
      store.down = false;
    }
    const retried = await say(session.json, { value: 7 });
    expect(retried.status).toBe(200);
    expect((retried.json.messages as { text: string }[])[0]?.text).toContain('What would make it a 10');
  });
});

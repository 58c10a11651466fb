/**
 * The web chat API over real HTTP (see docs/webchat.md): every route, every error code, the
 * clientMessageId dedupe, signed identities, rate limits and the origin allowlist; and the
 * shared server's health, readiness, metrics and admin guard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSessionToken, signIdentity, webchatKeys } from '../../adapters/webchat/tokens.js';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { counterField, dayOf } from '../../src/engine/response.js';

const SECRET = 'test-webchat-secret';
let app: App;
let base: string;

beforeAll(async () => {
  app = await createApp(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      WEBCHAT_SECRET: SECRET,
      WEBCHAT_ALLOWED_ORIGINS: 'https://shop.example.com',
      ADMIN_TOKEN: 'admin-token',
    }),
  );
  base = `http://127.0.0.1:${await app.listen()}`;
});
afterAll(async () => {
  await app?.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

async function startSession(body: Record<string, unknown> = {}) {
  const started = await call('POST', '/webchat/sessions', body);
  expect(started.status).toBe(201);
  const { sessionId, token } = started.json as { sessionId: string; token: string };
  const send = (message: unknown, extra: Record<string, string> = {}) =>
    call('POST', `/webchat/sessions/${sessionId}/messages`, message, { authorization: `Bearer ${token}`, ...extra });
  return { sessionId, token, started, send };
}

type WireMessage = { id: string; text: string; choices?: { label: string; value: string }[]; expects: string };
const messagesOf = (json: Record<string, unknown>) => json.messages as WireMessage[];

describe('web chat sessions and messages', () => {
  it('starts an anonymous session with the greeting and the 0–10 question', async () => {
    const { started } = await startSession({ locale: 'en-GB', touchpoint: 'after-purchase' });
    const [greeting, question] = messagesOf(started.json);
    expect(greeting).toMatchObject({ text: 'Hi there!', expects: 'none' });
    expect(question?.expects).toBe('score');
    expect(question?.choices?.map((c) => c.value)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(question).toMatchObject({ scale: { low: 'Not at all likely', high: 'Extremely likely' } });
  });

  it('walks a whole detractor survey by buttons and text, and replays the transcript', async () => {
    const { send, sessionId, token } = await startSession();
    const scored = await send({ value: 4 });
    expect(scored.status).toBe(200);
    expect(messagesOf(scored.json)[0]?.text).toContain('What went wrong?');
    const area = await send({ text: 'Delivery took three weeks' });
    expect(messagesOf(area.json)[0]?.choices?.map((c) => c.value)).toEqual([
      'product',
      'service',
      'price',
      'reliability',
      'other',
    ]);
    await send({ value: 'service' });
    const last = await send({ value: 'no' });
    expect(last.json).toMatchObject({ done: true });

    const transcript = await call('GET', `/webchat/sessions/${sessionId}/messages`, undefined, {
      authorization: `Bearer ${token}`,
    });
    expect(transcript.status).toBe(200);
    const lines = (transcript.json.messages as { from: string; text: string }[]).map((m) => `${m.from}: ${m.text}`);
    expect(lines).toContain('user: Delivery took three weeks');
    expect(lines).toContain('user: Service');
    expect(transcript.json.done).toBe(true);
  });

  it('answers the same clientMessageId twice the same way and counts it once', async () => {
    const touchpoint = `dedupe-${Date.now()}`;
    const { send } = await startSession({ touchpoint });
    const first = await send({ value: '10', clientMessageId: 'click-1' });
    const again = await send({ value: '10', clientMessageId: 'click-1' });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    const day = dayOf(Date.now());
    const rollups = (await app.store.readRollups(app.survey.id, [day])).get(day);
    expect(rollups?.get(counterField('score', 'webchat', touchpoint, 10))).toBe(1);
  });

  it('marks the reward code and the links it offers, and says while a follow-up still listens', async () => {
    const promoter = await startSession();
    await promoter.send({ value: '10' });
    const ending = messagesOf((await promoter.send({ text: 'skip' })).json);
    const reward = ending.find((m) => (m as { offer?: { kind: string } }).offer?.kind === 'reward') as
      | (WireMessage & { offer: { code: string } })
      | undefined;
    expect(reward?.text).toContain(reward?.offer.code);
    expect(ending.map((m) => (m as { offer?: { kind: string } }).offer?.kind)).toContain('referral');

    const detractor = await startSession();
    for (const answer of [{ value: '2' }, { text: 'Late' }, { value: 'price' }, { value: 'yes' }]) {
      expect((await detractor.send(answer)).json).toMatchObject({ done: false });
    }
    expect((await detractor.send({ text: 'skip' })).json).toMatchObject({ done: true, followingUp: true });
    const read = await call('GET', `/webchat/sessions/${detractor.sessionId}/messages`, undefined, {
      authorization: `Bearer ${detractor.token}`,
    });
    expect(read.json).toMatchObject({ done: true, followingUp: true });
    // A finished survey without a follow-up says nothing of one.
    expect('followingUp' in (await promoter.send({ text: 'thanks' })).json).toBe(false);
  });

  it('accepts a signed identity and refuses a forged one', async () => {
    const user = 'customer-4711';
    const signed = await startSession({ user, signature: signIdentity(SECRET, user), properties: { plan: 'pro' } });
    await signed.send({ value: 8 });
    const { record } = await app.store.load({ channel: 'webchat', user, conversation: signed.sessionId });
    expect(record?.properties).toEqual({ plan: 'pro' });

    const forged = await call('POST', '/webchat/sessions', { user, signature: 'ab'.repeat(32) });
    expect(forged.status).toBe(401);
    expect(forged.json).toMatchObject({ error: 'bad_signature' });
  });
});

describe('web chat errors', () => {
  it('answers 400 to bodies that are not what it expects', async () => {
    const { send } = await startSession();
    for (const body of [{}, { text: 42 }, { value: { score: 9 } }, '{"text": "nine"', '[1,2]']) {
      const answer = await send(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.json).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    }
    expect((await call('POST', '/webchat/sessions', { locale: 7 })).status).toBe(400);
  });

  it("answers 401 without a token, with a forged one, or with another session's", async () => {
    const a = await startSession();
    const b = await startSession();
    const path = `/webchat/sessions/${a.sessionId}/messages`;
    expect((await call('POST', path, { text: 'hi' })).status).toBe(401);
    expect((await call('POST', path, { text: 'hi' }, { authorization: `Bearer ${a.token}x` })).status).toBe(401);
    const crossed = await call('GET', path, undefined, { authorization: `Bearer ${b.token}` });
    expect(crossed.status).toBe(401);
    expect(crossed.json).toMatchObject({ error: 'unauthorized' });
  });

  it('answers 404 for a session that does not exist', async () => {
    const sessionId = 'no-such-session';
    const token = issueSessionToken(webchatKeys(SECRET), { sessionId, user: `anon:${sessionId}` });
    const headers = { authorization: `Bearer ${token}` };
    const posted = await call('POST', `/webchat/sessions/${sessionId}/messages`, { text: '9' }, headers);
    expect(posted.status).toBe(404);
    expect(posted.json).toMatchObject({ error: 'session_not_found' });
    expect((await call('GET', `/webchat/sessions/${sessionId}/messages`, undefined, headers)).status).toBe(404);
  });

  it('answers 400 to an empty or blank text, and it costs no try', async () => {
    const { send } = await startSession();
    for (const text of ['', '   ', '\n\t']) {
      const blank = await send({ text });
      expect(blank.status).toBe(400);
      expect(blank.json).toMatchObject({ error: 'empty_text', message: expect.any(String) });
    }
    // Three unreadable answers end a survey; the blanks before them did not count.
    expect(messagesOf((await send({ text: 'great' })).json)[0]?.text).toContain("didn't catch a score");
    expect(messagesOf((await send({ text: 'hmm' })).json)[0]?.text).toContain("didn't catch a score");
    const scored = await send({ text: '8' });
    expect(messagesOf(scored.json)[0]?.text).toContain('What would make it a 10 for you?');
  });

  it('asks about an unsure score, naming its guess, and records it on one tap', async () => {
    const { send } = await startSession();
    const asked = messagesOf((await send({ text: 'maybe 6' })).json);
    expect(asked).toHaveLength(1);
    expect(asked[0]?.text).toBe(
      'Did you mean 6 out of 10? Tap it below to confirm, or pick another number from 0 to 10.',
    );
    expect(asked[0]?.choices).toHaveLength(11);
    const tapped = messagesOf((await send({ value: '6' })).json);
    expect(tapped[0]?.text).toContain('What went wrong?');
  });

  it('answers 413 to a body over 4 KiB and a text over 2,000 characters', async () => {
    const { send } = await startSession();
    const big = await send({ text: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
    expect(big.json).toMatchObject({ error: expect.any(String) });
    const long = await send({ text: 'x'.repeat(2001) });
    expect(long.status).toBe(413);
    expect(long.json).toMatchObject({ error: 'text_too_long' });
  });

  it('answers 429 with Retry-After when one session sends too fast', async () => {
    const { send } = await startSession();
    const answers = [];
    for (let i = 0; i < 14; i++) answers.push(await send({ text: 'help' }));
    const limited = answers.find((answer) => answer.status === 429);
    expect(limited?.json).toMatchObject({ error: 'rate_limited' });
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('lets allowed origins embed the chat and refuses others', async () => {
    const preflight = await fetch(`${base}/webchat/sessions`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const foreign = await call('POST', '/webchat/sessions', {}, { origin: 'https://evil.example.net' });
    expect(foreign.status).toBe(403);
    expect(foreign.json).toMatchObject({ error: 'origin_not_allowed' });
  });
});

describe('the shared server', () => {
  it('serves health, readiness and Prometheus metrics', async () => {
    expect((await call('GET', '/healthz')).json).toEqual({ status: 'ok' });
    expect((await call('GET', '/readyz')).json).toEqual({ status: 'ready' });
    const metrics = await (await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer admin-token' } })).text();
    expect(metrics).toMatch(/npsbot_turns_total\{channel="webchat",outcome="ok"\} \d+/);
    expect(metrics).toContain('npsbot_turn_duration_seconds_bucket');
    expect(metrics).toMatch(/npsbot_responses_total\{category="promoter"\} \d+/);
    expect(metrics).toContain('npsbot_webhook_backlog 0');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const missing = await call('GET', '/no/such/page');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ error: expect.any(String), message: expect.any(String) });
  });

  it('guards the admin API with the bearer ADMIN_TOKEN', async () => {
    const body = { channel: 'webchat', user: 'customer-1' };
    const refused = await call('POST', '/api/surveys', body);
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ error: 'unauthorized' });
    expect((await call('POST', '/api/surveys', body, { authorization: 'Bearer wrong' })).status).toBe(401);
    const accepted = await call('POST', '/api/surveys', body, { authorization: 'Bearer admin-token' });
    expect(accepted.status).toBe(202);
    // A web visitor cannot be reached unprompted: their next visit opens the bubble instead.
    expect(accepted.json).toEqual({ status: 'no_conversation' });
    const bad = await call(
      'POST',
      '/api/surveys',
      { channel: 'fax', user: 'x' },
      { authorization: 'Bearer admin-token' },
    );
    expect(bad.status).toBe(400);
  });

  it('lets loopback callers use the admin API when no ADMIN_TOKEN is set', async () => {
    const open = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }));
    const port = await open.listen();
    const answer = await fetch(`http://127.0.0.1:${port}/api/surveys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'slack', user: 'U1' }),
    });
    expect(answer.status).toBe(202);
    await open.close();
  });
});

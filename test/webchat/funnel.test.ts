/**
 * The funnel's `sent` on web chat counts sessions whose question was shown (docs/reports.md,
 * "The funnel"): a flood of sessions nobody shows or answers adds nothing; a session the
 * bubble reports shown counts once, however often the report is retried; a session answered
 * without the report counts once at the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { testSurvey } from '../support/survey.js';

let app: App;
let base: string;

beforeAll(async () => {
  app = await createApp(
    loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ADMIN_TOKEN: 'funnel-token' }),
    {
      survey: testSurvey({ id: 'funnel', touchpoints: ['after-purchase'] }),
      // The flood comes from one address; this test is about counting, not rate limits.
      webchatLimits: { perSession: { burst: 100, perSecond: 100 }, perClient: { burst: 10_000, perSecond: 10_000 } },
    },
  );
  base = `http://127.0.0.1:${await app.listen()}`;
});
afterAll(async () => {
  await app.close();
});

async function post(path: string, body: unknown, token?: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function startSession(): Promise<{ sessionId: string; token: string }> {
  const started = await post('/webchat/sessions', { touchpoint: 'after-purchase' });
  expect(started.status).toBe(201);
  return started.json as { sessionId: string; token: string };
}

async function funnel(): Promise<{ sent: number; answered: number }> {
  const res = await fetch(`${base}/api/reports/summary?channel=webchat`, {
    headers: { authorization: 'Bearer funnel-token' },
  });
  return ((await res.json()) as { responseRate: { sent: number; answered: number } }).responseRate;
}

describe('sent on web chat', () => {
  it('a flood of 200 sessions never shown nor answered adds nothing to sent', async () => {
    const before = await funnel();
    for (let i = 0; i < 200; i += 20) await Promise.all(Array.from({ length: 20 }, startSession));
    expect(await funnel()).toEqual(before);
  });

  it('a session reported shown counts once, retries included; answering it later adds no second count', async () => {
    const before = await funnel();
    const sessions = await Promise.all(Array.from({ length: 5 }, startSession));
    for (const { sessionId, token } of sessions) {
      const reports = await Promise.all([1, 2, 3].map(() => post(`/webchat/sessions/${sessionId}/shown`, {}, token)));
      expect(reports.map((report) => report.status)).toEqual([204, 204, 204]);
    }
    expect((await funnel()).sent).toBe(before.sent + 5);
    const [first] = sessions;
    if (!first) throw new Error('no session');
    expect((await post(`/webchat/sessions/${first.sessionId}/messages`, { value: 9 }, first.token)).status).toBe(200);
    await post(`/webchat/sessions/${first.sessionId}/shown`, {}, first.token);
    expect(await funnel()).toEqual({ ...before, sent: before.sent + 5, answered: before.answered + 1 });
  });

  it('a session answered without the report counts as sent at the answer, once', async () => {
    const before = await funnel();
    const { sessionId, token } = await startSession();
    expect((await post(`/webchat/sessions/${sessionId}/messages`, { text: 'hmm' }, token)).status).toBe(200);
    expect((await funnel()).sent).toBe(before.sent + 1);
    await post(`/webchat/sessions/${sessionId}/messages`, { value: 7 }, token);
    expect(await funnel()).toMatchObject({ sent: before.sent + 1, answered: before.answered + 1 });
  });

  it('the report needs the session token, and an unknown session is a 404', async () => {
    const { sessionId } = await startSession();
    expect((await post(`/webchat/sessions/${sessionId}/shown`, {}, 'forged')).status).toBe(401);
    const other = await startSession();
    expect((await post(`/webchat/sessions/${sessionId}/shown`, {}, other.token)).status).toBe(401);
  });
});

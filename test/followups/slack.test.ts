/**
 * Closing the loop in Slack, over real HTTP with two bot processes on one Redis: a detractor
 * accepts contact in a DM → one follow-up; an agent replies through the API → Slack refuses the
 * first post, the outbox retries, and the DM gets the reply exactly once though two processes
 * deliver the outbox; the customer's answer in the DM joins the thread; resolving makes a
 * further reply a 409.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { FollowUp } from '../../src/followups/types.js';
import { FakeSlackApi } from '../slack/fake-slack-api.js';
import { redisStore, type StoreUnderTest } from '../support/stores.js';
import { testSurvey } from '../support/survey.js';
import { ADMIN, agentApi } from './http.js';

const SECRET = 'slack-signing-secret';
const slack = new FakeSlackApi({ UKIM: { name: 'Kim', locale: 'en-US' } });
const survey = testSurvey({ escalation: { promiseHours: 4 } });
let subject: StoreUnderTest;
const apps: App[] = [];
const bases: string[] = [];

beforeAll(async () => {
  await slack.start();
  subject = await redisStore('redis://127.0.0.1:6379');
  for (let i = 0; i < 2; i++) {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      ADMIN_TOKEN: ADMIN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_API_URL: slack.url,
    });
    const app = await createApp(config, {
      survey,
      store: subject.store,
      outboxPollMs: 10,
      retry: { baseMs: 20, maxMs: 100 },
    });
    apps.push(app);
    bases.push(`http://127.0.0.1:${await app.listen()}`);
  }
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await subject?.cleanUp();
  await slack.stop();
});

async function dm(base: string, user: string, text: string) {
  const ts = `${Date.now() / 1000}`;
  const body = JSON.stringify({
    type: 'event_callback',
    team_id: 'T1',
    api_app_id: 'A1',
    event_id: `Ev${randomUUID()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
    event: { type: 'message', channel: `D${user}`, channel_type: 'im', user, text, ts, client_msg_id: randomUUID() },
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const response = await fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-signature': signature,
      'x-slack-request-timestamp': `${timestamp}`,
    },
    body,
  });
  expect(response.status).toBe(200);
}

describe('follow-ups in Slack', () => {
  it('relays an agent reply to the DM once, through a refusal and two processes, and threads the answer', async () => {
    const [a = '', b = ''] = bases;
    let posted = 0;
    const said = async (text: string, base: string) => {
      await dm(base, 'UKIM', text);
      await expect.poll(() => slack.posts('DUKIM').length, { timeout: 5000 }).toBeGreaterThan(posted);
      posted = slack.posts('DUKIM').length;
    };
    await said('hi', a);
    await said('2', b);
    await said('Checkout kept failing', a);
    await said('reliability', b);
    await said('yes', a);
    expect(slack.posts('DUKIM').at(-1)?.text).toBe(
      'Thank you. Someone from our team will reply to you here within 4 hours.',
    );

    const api = agentApi(a);
    const queue = (await api.list('?channel=slack')).json.followUps as FollowUp[];
    expect(queue.filter((f) => f.user === 'UKIM')).toHaveLength(1);
    const id = queue[0]?.id ?? '';
    expect(queue[0]).toMatchObject({ name: 'Kim', score: 2, area: 'reliability', reason: 'Checkout kept failing' });

    slack.failOnce.set('chat.postMessage DUKIM', 'ratelimited');
    expect((await api.act(id, 'replies', { agent: 'Ana', text: 'Sorry Kim, fixed now.' })).status).toBe(200);
    await expect
      .poll(() => slack.posts('DUKIM').filter((p) => p.text.includes('fixed now')).length, { timeout: 5000 })
      .toBe(1);
    expect(slack.posts('DUKIM').at(-1)?.text).toBe('*Ana*: Sorry Kim, fixed now.');
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage' && c.answer.ok === false)).toHaveLength(1);
    // Both processes keep polling the outbox: nothing is posted again.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slack.posts('DUKIM').filter((p) => p.text.includes('fixed now'))).toHaveLength(1);

    await dm(b, 'UKIM', 'Works now, thanks!');
    await expect
      .poll(async () => ((await api.get(id)).json as FollowUp).thread.filter((e) => e.from === 'customer').length)
      .toBe(1);
    const thread = ((await api.get(id)).json as FollowUp).thread;
    expect(thread.find((e) => e.from === 'customer')?.text).toBe('Works now, thanks!');

    expect((await agentApi(b).act(id, 'resolve', { agent: 'Ana', resolution: 'fixed' })).status).toBe(200);
    expect((await api.act(id, 'replies', { agent: 'Ana', text: 'Bye' })).status).toBe(409);
  });
});

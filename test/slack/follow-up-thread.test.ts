/**
 * Agents working a case from its Slack post, over real HTTP with signed requests and the fake
 * Web API, on memory and on the Redis server: a web chat detractor accepts contact → one post
 * with Claim and Resolve (though Slack refuses the first try); Claim claims it for the clicking
 * Slack user and updates the post, once though Slack delivers the click twice; a
 * thread reply reaches the customer's chat (once, though Slack delivers it twice); the
 * customer's answer is posted in the thread; Resolve resolves it, and a further thread reply is
 * answered in the thread instead of reaching the customer.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { FollowUp } from '../../src/followups/types.js';
import { ADMIN, agentApi, eventually, webchatDetractor } from '../followups/http.js';
import { memoryStore, redisStore, type StoreUnderTest } from '../support/stores.js';
import { testSurvey } from '../support/survey.js';
import { FakeSlackApi, type SlackCall } from './fake-slack-api.js';

const SECRET = 'slack-thread-secret';
const CASES = 'C-CASES';
const FORM = 'application/x-www-form-urlencoded';

function signed(body: string, extra: Record<string, string> = {}): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestamp), ...extra };
}

function clickOn(post: { ts: string }, user: string, actionId: string, followUpId: string): string {
  const payload = {
    type: 'block_actions',
    team: { id: 'T1' },
    user: { id: user, team_id: 'T1' },
    api_app_id: 'A1',
    trigger_id: `trigger-${randomUUID()}`,
    channel: { id: CASES, name: 'cases' },
    container: { type: 'message', message_ts: post.ts, channel_id: CASES, is_ephemeral: false },
    message: { type: 'message', ts: post.ts, text: 'case', user: 'UBOT', bot_id: 'BBOT' },
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: 'followup_actions',
        text: { type: 'plain_text', text: actionId },
        value: followUpId,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
    response_url: 'http://127.0.0.1:1/response',
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

let nextTs = 5000;
function threadReply(post: { ts: string }, user: string, text: string): string {
  nextTs += 1;
  return JSON.stringify({
    type: 'event_callback',
    team_id: 'T1',
    api_app_id: 'A1',
    event_id: `Ev${randomUUID()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
    event: {
      type: 'message',
      channel: CASES,
      channel_type: 'channel',
      user,
      text,
      ts: `${nextTs}.000200`,
      thread_ts: post.ts,
      client_msg_id: randomUUID(),
    },
  });
}

describe.each([
  ['memory', async () => memoryStore()],
  ['Redis', () => redisStore('redis://127.0.0.1:6379')],
] as const)('a follow-up worked from its Slack post, on %s', (_name, open) => {
  const slack = new FakeSlackApi({ UANA: { name: 'Ana', locale: 'en-US' } });
  let subject: StoreUnderTest;
  let app: App;
  let base: string;

  beforeAll(async () => {
    await slack.start();
    subject = await open();
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      ADMIN_TOKEN: ADMIN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_API_URL: slack.url,
    });
    const survey = testSurvey({ escalation: { slackChannel: CASES, promiseHours: 4 } });
    app = await createApp(config, {
      survey,
      store: subject.store,
      outboxPollMs: 20,
      retry: { baseMs: 20, maxMs: 100 },
    });
    base = `http://127.0.0.1:${await app.listen()}`;
  });
  afterAll(async () => {
    await app?.close();
    await subject?.cleanUp();
    await slack.stop();
  });

  const send = async (body: string, contentType: string, headers: Record<string, string> = signed(body)) => {
    const response = await fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...headers },
      body,
    });
    expect(response.status).toBe(200);
  };
  const inCases = (method: string, where: (call: SlackCall) => boolean = () => true) =>
    slack.calls.filter(
      (call) => call.method === method && call.args.channel === CASES && call.answer.ok && where(call),
    );
  const casePosts = () => inCases('chat.postMessage', (call) => call.args.thread_ts === undefined);
  const inThread = (ts: string) => inCases('chat.postMessage', (call) => call.args.thread_ts === ts);
  const updatesOf = (ts: string) => inCases('chat.update', (call) => call.args.ts === ts);
  /** Every text object of a call's blocks, with its type. */
  const shownIn = (call: SlackCall | undefined) =>
    (
      (call?.args.blocks as {
        text?: { type: string; text: string };
        fields?: { type: string; text: string }[];
        elements?: { type: string; text: string }[];
      }[]) ?? []
    ).flatMap((block) =>
      [block.text, ...(block.fields ?? []), ...(block.elements ?? [])]
        .filter((t): t is { type: string; text: string } => typeof t?.text === 'string')
        .map((t) => ({ type: t.type, text: t.text })),
    );
  const actionIds = (call: SlackCall | undefined) =>
    ((call?.args.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]) ?? [])
      .filter((block) => block.type === 'actions')
      .flatMap((block) => block.elements ?? []);

  it('posts the case once with Claim and Resolve, and relays claim, replies and resolve both ways', async () => {
    // The bot is not in the channel yet: Slack refuses the first post, the outbox posts it again.
    slack.failOnce.set(`chat.postMessage ${CASES}`, 'not_in_channel');
    const visitor = await webchatDetractor(base);
    await visitor.send({ text: 'skip' });
    const api = agentApi(base);
    const mine = (await api.list()).json.followUps as FollowUp[];
    const id = mine.find((f) => f.user === `anon:${visitor.sessionId}`)?.id ?? '';
    expect(id).not.toBe('');

    await expect.poll(() => casePosts().length, { timeout: 5000 }).toBe(1);
    const post = casePosts()[0];
    const ts = String(post?.answer.ts);
    expect(post?.args.text).toBe('Detractor asks to be contacted: a webchat customer, score 2/10');
    expect(shownIn(post)).toContainEqual({ type: 'plain_text', text: 'The delivery was a week late' });
    expect(shownIn(post)).toContainEqual({ type: 'mrkdwn', text: '*Score*\n2/10' });
    expect(actionIds(post)).toEqual([
      expect.objectContaining({ action_id: 'followup_claim', value: id }),
      expect.objectContaining({ action_id: 'followup_resolve', value: id }),
    ]);

    const claim = clickOn({ ts }, 'UANA', 'followup_claim', id);
    await send(claim, FORM);
    await send(claim, FORM, signed(claim, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }));
    const claimed = await eventually(
      () => api.get(id),
      (read) => read.json.status === 'claimed',
    );
    expect(claimed.json).toMatchObject({ status: 'claimed', claimedBy: 'Ana' });
    expect((claimed.json as unknown as FollowUp).thread.filter((entry) => entry.text === 'claimed')).toHaveLength(1);
    await expect.poll(() => updatesOf(ts).length, { timeout: 5000 }).toBe(1);
    expect(shownIn(updatesOf(ts)[0]).map((t) => t.text)).toContain(
      '🙋 Claimed by Ana. Reply in this thread to answer the customer.',
    );
    expect(actionIds(updatesOf(ts)[0]).map((button) => button.action_id)).toEqual([
      'followup_claim',
      'followup_resolve',
    ]);

    // Slack delivers the thread reply twice (its retry after a lost acknowledgement): one reply.
    const reply = threadReply({ ts }, 'UANA', 'So sorry! A courier is on the way.');
    await send(reply, 'application/json');
    await send(
      reply,
      'application/json',
      signed(reply, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'timeout' }),
    );
    const shown = await eventually(visitor.transcript, (t) => t.messages.some((m) => m.from === 'agent'));
    expect(shown.messages.filter((m) => m.from === 'agent')).toEqual([
      expect.objectContaining({ author: 'Ana', text: 'So sorry! A courier is on the way.' }),
    ]);
    const afterReply = (await api.get(id)).json as FollowUp;
    expect(afterReply.thread.filter((entry) => entry.from === 'agent')).toHaveLength(1);

    await visitor.send({ text: 'Thanks, it arrived' });
    await expect.poll(() => inThread(ts).length, { timeout: 5000 }).toBe(1);
    expect(shownIn(inThread(ts)[0])).toContainEqual({ type: 'plain_text', text: 'Thanks, it arrived' });

    await send(clickOn({ ts }, 'UANA', 'followup_resolve', id), FORM);
    await eventually(
      () => api.get(id),
      (read) => read.json.status === 'resolved',
    );
    await expect.poll(() => updatesOf(ts).length, { timeout: 5000 }).toBe(2);
    expect(shownIn(updatesOf(ts)[1]).map((t) => t.text)).toContain('✅ Resolved by Ana: resolved in Slack');
    expect(actionIds(updatesOf(ts)[1])).toEqual([]);

    await send(threadReply({ ts }, 'UANA', 'One more thing'), 'application/json');
    await expect.poll(() => inThread(ts).length, { timeout: 5000 }).toBe(2);
    expect(String(inThread(ts)[1]?.args.text)).toContain('This case is resolved');
    const final = (await api.get(id)).json as FollowUp;
    expect(final.thread.filter((entry) => entry.from === 'agent').map((entry) => entry.text)).toEqual([
      'So sorry! A courier is on the way.',
    ]);
    expect((await visitor.transcript()).messages.filter((m) => m.from === 'agent')).toHaveLength(1);
    // Every event of the case went to the one post, though its first try was refused.
    expect(casePosts()).toHaveLength(1);
    expect(
      slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === CASES && !c.answer.ok),
    ).toHaveLength(1);
  });
});

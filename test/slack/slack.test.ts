/**
 * Slack over real HTTP: requests signed as Slack signs them into /slack/events (events,
 * button clicks, the slash command), with the Web API pointed at a fake on 127.0.0.1 that
 * records what the bot sends.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { testSurvey } from '../support/survey.js';
import { FakeSlackApi } from './fake-slack-api.js';

const SECRET = 'slack-signing-secret';
const slack = new FakeSlackApi({ UANA: { name: 'Ana', locale: 'en-US' }, UMEI: { name: '美玲', locale: 'zh-CN' } });
let app: App;
let base: string;

beforeAll(async () => {
  await slack.start();
  const survey = testSurvey({
    escalation: { slackChannel: 'C-ESCALATIONS', promiseHours: 4 },
    admins: { slack: ['UADMIN'] },
  });
  app = await createApp(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_API_URL: slack.url,
    }),
    { survey, outboxPollMs: 20 },
  );
  base = `http://127.0.0.1:${await app.listen()}`;
});
afterAll(async () => {
  await app?.close();
  await slack.stop();
});

function sign(body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestamp) };
}

async function send(body: string, contentType: string, headers: Record<string, string> = sign(body)) {
  return fetch(`${base}/slack/events`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
}

function dm(user: string, text: string, extra: Record<string, unknown> = {}) {
  const ts = `${Date.now() / 1000}`;
  return JSON.stringify({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev${randomUUID()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
    event: {
      type: 'message',
      channel: `D${user}`,
      channel_type: 'im',
      user,
      text,
      ts,
      client_msg_id: randomUUID(),
      ...extra,
    },
  });
}

function click(user: string, question: { ts: string; text: string }, value: string, label = value) {
  const payload = {
    type: 'block_actions',
    team: { id: 'T1' },
    user: { id: user, team_id: 'T1' },
    api_app_id: 'A1',
    trigger_id: `trigger-${randomUUID()}`,
    channel: { id: `D${user}`, name: 'directmessage' },
    container: { type: 'message', message_ts: question.ts, channel_id: `D${user}`, is_ephemeral: false },
    message: { type: 'message', ts: question.ts, text: question.text, user: 'UBOT', bot_id: 'BBOT' },
    actions: [
      {
        type: 'button',
        action_id: `nps_choice_${value}`,
        block_id: 'nps_q',
        text: { type: 'plain_text', text: label, emoji: true },
        value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
    response_url: `${slack.url}response`,
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

const FORM = 'application/x-www-form-urlencoded';

/** Waits until the bot has posted `count` messages to the DM, and returns them. */
async function postsIn(channel: string, count: number) {
  await expect.poll(() => slack.posts(channel).length, { timeout: 5000 }).toBeGreaterThanOrEqual(count);
  return slack.posts(channel);
}

async function turnsCounted(outcome: string): Promise<number> {
  const metric = await app.metrics.registry.getSingleMetric('npsbot_turns_total')?.get();
  return (
    metric?.values
      .filter((v) => v.labels.channel === 'slack' && v.labels.outcome === outcome)
      .reduce((a, v) => a + v.value, 0) ?? 0
  );
}

describe('a survey in a Slack DM', () => {
  it('takes a promoter from a DM through a button to a reward, and updates the question', async () => {
    expect((await send(dm('UANA', 'hi'), 'application/json')).status).toBe(200);
    const [greeting, question] = await postsIn('DUANA', 2);
    expect(greeting?.text).toBe('Hi Ana!');
    expect(question?.text).toBe('How likely are you to recommend Acme to a friend or colleague?');
    expect(question?.buttons).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(JSON.stringify(question?.blocks)).toContain('0 = Not at all likely  ·  10 = Extremely likely');

    const clicked = await send(click('UANA', { ts: question?.ts ?? '', text: question?.text ?? '' }, '10'), FORM);
    expect(clicked.status).toBe(200);
    const afterClick = await postsIn('DUANA', 3);
    expect(afterClick[2]?.text).toContain('What do you value most about Acme?');
    const update = slack.calls.find((call) => call.method === 'chat.update' && call.args.ts === question?.ts);
    expect(JSON.stringify(update?.args.blocks)).toContain('✔ *10*');
    expect(JSON.stringify(update?.args.blocks)).not.toContain('"actions"');

    await send(dm('UANA', 'The <friendly> support'), 'application/json');
    const done = await postsIn('DUANA', 7);
    expect(done.slice(3).map((post) => post.text)).toEqual([
      'Thank you for being a fan of Acme!',
      expect.stringMatching(/^As a thank-you, here is your reward code: ACME-THANKS-\d{4}$/),
      'If you have a minute, a review helps others find us: https://reviews.example.com/acme',
      'Know someone who would like Acme? Share your referral link: https://acme.example.com/refer',
    ]);
  });

  it('takes a detractor through area and contact buttons, and posts the escalation', async () => {
    await send(dm('UMEI', '你好'), 'application/json');
    const [, question] = await postsIn('DUMEI', 2);
    expect(question?.text).toBe('您有多大可能向朋友或同事推荐Acme？');
    await send(click('UMEI', { ts: question?.ts ?? '', text: question?.text ?? '' }, '2'), FORM);
    await postsIn('DUMEI', 3);
    await send(dm('UMEI', '客服一直不回复'), 'application/json');
    const [, , , area] = await postsIn('DUMEI', 4);
    expect(area?.buttons).toEqual(['product', 'service', 'price', 'reliability', 'other']);
    await send(click('UMEI', { ts: area?.ts ?? '', text: area?.text ?? '' }, 'service', '服务'), FORM);
    const [, , , , contact] = await postsIn('DUMEI', 5);
    expect(contact?.buttons).toEqual(['yes', 'no']);
    await send(click('UMEI', { ts: contact?.ts ?? '', text: contact?.text ?? '' }, 'yes', '是'), FORM);
    const all = await postsIn('DUMEI', 6);
    expect(all[5]?.text).toBe('谢谢您。我们的团队会在 4 小时内联系您。');

    const escalation = await postsIn('C-ESCALATIONS', 1);
    expect(escalation[0]?.text).toContain('<@UMEI>');
    expect(escalation[0]?.text).toContain('*Score:* 2/10');
    expect(escalation[0]?.text).toContain('*Area:* service');
    expect(escalation[0]?.text).toContain('客服一直不回复');
  });

  it('answers neither a retry of Slack nor a double click twice', async () => {
    await send(dm('URETRY', 'hello'), 'application/json');
    const [, question] = await postsIn('DURETRY', 2);
    const scoreClick = click('URETRY', { ts: question?.ts ?? '', text: question?.text ?? '' }, '8');
    const duplicatesBefore = await turnsCounted('duplicate');
    await Promise.all([send(scoreClick, FORM), send(scoreClick, FORM)]);
    await expect.poll(() => turnsCounted('duplicate')).toBe(duplicatesBefore + 1);

    const reason = dm('URETRY', 'More integrations');
    await send(reason, 'application/json');
    await send(reason, 'application/json', {
      ...sign(reason),
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    await expect.poll(() => turnsCounted('duplicate')).toBe(duplicatesBefore + 2);
    const posts = slack.posts('DURETRY').map((post) => post.text);
    expect(posts).toEqual([
      'Hi Sam!',
      'How likely are you to recommend Acme to a friend or colleague?',
      'Thank you! What would make it a 10 for you? (Type "skip" to skip this question.)',
      'Thanks for your feedback! Our team reads every answer and uses it to decide what to improve next.',
    ]);
  });

  it('ignores channel messages, thread replies and bots', async () => {
    await send(dm('UQUIET', 'in a channel', { channel_type: 'channel', channel: 'CGENERAL' }), 'application/json');
    await send(dm('UQUIET', 'in a thread', { thread_ts: '1.0' }), 'application/json');
    await send(dm('UQUIET', 'from a bot', { bot_id: 'BOTHER', subtype: 'bot_message' }), 'application/json');
    await send(dm('UQUIET', 'for real'), 'application/json');
    const posts = await postsIn('DUQUIET', 2);
    expect(posts).toHaveLength(2);
    expect(slack.posts('CGENERAL')).toEqual([]);
  });

  it('starts the survey in the DM on /nps', async () => {
    const command = new URLSearchParams({
      token: 'legacy',
      team_id: 'T1',
      channel_id: 'CGENERAL',
      user_id: 'USLASH',
      user_name: 'slash',
      command: '/nps',
      text: '',
      response_url: `${slack.url}response`,
      trigger_id: `trigger-${randomUUID()}`,
      api_app_id: 'A1',
    }).toString();
    const answer = await send(command, FORM);
    expect(answer.status).toBe(200);
    const posts = await postsIn('DUSLASH', 2);
    expect(posts[1]?.buttons).toHaveLength(11);
    expect(slack.calls.some((call) => call.method === 'conversations.open' && call.args.users === 'USLASH')).toBe(true);
  });
});

describe('/nps report', () => {
  const report = (user: string) =>
    new URLSearchParams({
      team_id: 'T1',
      channel_id: 'CGENERAL',
      user_id: user,
      command: '/nps',
      text: 'report',
      response_url: `${slack.url}response`,
      trigger_id: `trigger-${randomUUID()}`,
    }).toString();

  it('shows the summary to admins listed in the survey file, and not to others', async () => {
    const admin = await send(report('UADMIN'), FORM);
    expect(admin.status).toBe(200);
    const { text } = (await admin.json()) as { text: string };
    expect(text).toMatch(/^NPS report, \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(UTC\)\nNPS -?\d+\.\d ± \d+\.\d/);
    const stranger = await send(report('UNOBODY'), FORM);
    expect(((await stranger.json()) as { text: string }).text).toContain('Reports are for survey admins');
  });
});

describe('surveys the bot starts in Slack', () => {
  it('opens the DM, waits out a rate limit, asks, and does not ask again within throttleDays', async () => {
    slack.rateLimitOnce.add('conversations.open');
    const status = await app.proactive
      .get('slack')
      ?.startSurvey({ user: 'UPRO', touchpoint: 'quarterly', properties: {} });
    expect(status).toBe('sent');
    const posts = await postsIn('DUPRO', 2);
    expect(posts[1]?.buttons).toHaveLength(11);
    const again = await fetch(`${base}/api/surveys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'slack', user: 'UPRO' }),
    });
    expect(await again.json()).toEqual({ status: 'throttled' });
  });
});

describe('requests that are not from Slack', () => {
  it('refuses unsigned, forged and stale requests, and answers bad bodies with JSON errors', async () => {
    const body = dm('UEVIL', 'hi');
    expect((await send(body, 'application/json', {})).status).toBe(401);
    const forged = await send(body, 'application/json', { ...sign(body), 'x-slack-signature': `v0=${'0'.repeat(64)}` });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: 'bad_signature' });
    const stale = await send(body, 'application/json', sign(body, Math.floor(Date.now() / 1000) - 600));
    expect(stale.status).toBe(401);
    expect((await send('{"type":', 'application/json')).status).toBe(400);
    const huge = `{"type":"event_callback","x":"${'a'.repeat(600 * 1024)}"}`;
    expect((await send(huge, 'application/json')).status).toBe(413);
    expect(slack.posts('DUEVIL')).toEqual([]);
  });

  it('answers the URL verification challenge', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'legacy' });
    const answer = await send(body, 'application/json');
    expect(await answer.json()).toEqual({ challenge: 'c-123' });
  });
});

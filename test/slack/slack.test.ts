/**
 * Slack over real HTTP: requests signed as Slack signs them into /slack/events (events,
 * button clicks, the slash command), with the Web API pointed at a fake on 127.0.0.1 that
 * records what the bot sends.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackConfigError } from '../../adapters/slack/index.js';
import { MAX_TEXT_LENGTH, parseScore, type ScoreReader } from '../../dialogs/index.js';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { testSurvey } from '../support/survey.js';
import { FakeSlackApi } from './fake-slack-api.js';

const SECRET = 'slack-signing-secret';
const slack = new FakeSlackApi({ UANA: { name: 'Ana', locale: 'en-US' }, UMEI: { name: '美玲', locale: 'zh-CN' } });
let app: App;
let base: string;
/** The longest text the dialog's score reader was handed in this file: never over the text limit. */
let longestRead = 0;
const watchedReader: ScoreReader = (text) => {
  longestRead = Math.max(longestRead, text.length);
  return parseScore(text);
};

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
    // The outbox retries a failed escalation post after tens of milliseconds instead of seconds.
    { survey, outboxPollMs: 20, retry: { baseMs: 20, maxMs: 100 }, readScore: watchedReader },
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

/** A click on a button of a posted question; its actions block names the question, as the bot rendered it. */
function click(user: string, question: { ts: string; text: string; blocks?: unknown[] }, value: string, label = value) {
  const actions = (question.blocks as { type: string; block_id?: string }[] | undefined)?.find(
    (block) => block.type === 'actions',
  );
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
        block_id: actions?.block_id ?? 'nps_q',
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

const ask = (post: { ts: string; text: string; blocks: unknown[] } | undefined) => ({
  ts: post?.ts ?? '',
  text: post?.text ?? '',
  blocks: post?.blocks ?? [],
});

/** Waits until the bot has posted `count` messages to the DM, and returns them. */
async function postsIn(channel: string, count: number) {
  await expect.poll(() => slack.posts(channel).length, { timeout: 5000 }).toBeGreaterThanOrEqual(count);
  return slack.posts(channel);
}

/** Every text object of a Block Kit message, in order. */
function textsOf(blocks: unknown[]): { type: string; text: string }[] {
  return (blocks as { text?: { type: string; text: string }; fields?: { type: string; text: string }[] }[]).flatMap(
    (block) => [...(block.text ? [block.text] : []), ...(block.fields ?? [])].map(({ type, text }) => ({ type, text })),
  );
}

/** The `chat.update` of the message at `ts`: it may land after the next question is posted. */
async function updateOf(ts: string | undefined) {
  const find = () => slack.calls.find((call) => call.method === 'chat.update' && call.args.ts === ts);
  await expect.poll(find, { timeout: 5000 }).toBeDefined();
  const update = find();
  if (!update) throw new Error(`no chat.update of ${ts}`);
  return update;
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
  it('cuts a 250k-character DM to the text limit before the score reader: refused as a score, kept as a reason', async () => {
    const huge = `9 ${'the onboarding took forever and nobody answered '.repeat(5_300)}`;
    expect(huge.length).toBeGreaterThan(250_000);
    await send(dm('ULONG', 'hi'), 'application/json');
    await postsIn('DULONG', 1);
    expect((await send(dm('ULONG', huge), 'application/json')).status).toBe(200);
    const refused = await postsIn('DULONG', 2);
    expect(refused[1]?.text).toBe(
      'That message is too long to read a score from. Please answer with one whole number from 0 to 10.',
    );
    expect(refused[1]?.buttons).toHaveLength(11);
    const key = { channel: 'slack', user: 'ULONG', conversation: 'DULONG' } as const;
    expect((await app.store.load(key)).record?.dialog.answers.score).toBeNull();

    await send(dm('ULONG', '7'), 'application/json');
    await postsIn('DULONG', 3);
    await send(dm('ULONG', huge), 'application/json');
    await postsIn('DULONG', 4);
    const { record } = await app.store.load(key);
    expect(record?.dialog.answers).toMatchObject({ score: 7, reason: huge.slice(0, MAX_TEXT_LENGTH).trim() });
    const said = (await app.store.readTranscript(key)).flatMap((entry) => (entry.from === 'user' ? [entry.text] : []));
    expect(Math.max(...said.map((text) => text.length))).toBe(MAX_TEXT_LENGTH);
    expect(longestRead).toBeGreaterThan(0);
    expect(longestRead).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
  });

  it('asks about an unsure score, naming its guess with the buttons, and records it on one tap', async () => {
    await send(dm('UGUESS', 'hi'), 'application/json');
    await postsIn('DUGUESS', 1);
    await send(dm('UGUESS', '8?'), 'application/json');
    const [, asked] = await postsIn('DUGUESS', 2);
    expect(asked?.text).toBe('Did you mean 8 out of 10? Tap it below to confirm, or pick another number from 0 to 10.');
    expect(asked?.buttons).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    const key = { channel: 'slack', user: 'UGUESS', conversation: 'DUGUESS' } as const;
    expect((await app.store.load(key)).record?.dialog.answers.score).toBeNull();
    await send(click('UGUESS', ask(asked), '8'), FORM);
    const [, , reason] = await postsIn('DUGUESS', 3);
    expect(reason?.text).toContain('What would make it a 10 for you?');
    expect((await app.store.load(key)).record?.dialog.answers.score).toBe(8);
  });

  it('takes a promoter from a DM through a button to a reward, and updates the question', async () => {
    expect((await send(dm('UANA', 'hi'), 'application/json')).status).toBe(200);
    // The greeting and the question are one message: one chat.postMessage for the first turn.
    const [question] = await postsIn('DUANA', 1);
    expect(slack.posts('DUANA')).toHaveLength(1);
    expect(question?.text).toBe('Hi Ana!\n\nHow likely are you to recommend Acme to a friend or colleague?');
    expect(textsOf(question?.blocks ?? []).map((t) => t.text)).toEqual([
      'Hi Ana!',
      'How likely are you to recommend Acme to a friend or colleague?',
    ]);
    expect(JSON.stringify(question?.blocks)).toContain('0 = Not at all likely  ·  10 = Extremely likely');
    expect(question?.buttons).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);

    const clicked = await send(click('UANA', ask(question), '10'), FORM);
    expect(clicked.status).toBe(200);
    const afterClick = await postsIn('DUANA', 2);
    expect(afterClick[1]?.text).toContain('What do you value most about Acme?');
    const update = await updateOf(question?.ts);
    expect(textsOf(update.args.blocks as unknown[]).map((t) => t.text)).toEqual([
      'Hi Ana!',
      'How likely are you to recommend Acme to a friend or colleague?',
    ]);
    expect(JSON.stringify(update.args.blocks)).toContain('✔ *10*');
    expect(JSON.stringify(update.args.blocks)).not.toContain('"actions"');
    expect(slack.posts('DUANA')).toHaveLength(2);

    await send(dm('UANA', 'The <friendly> support'), 'application/json');
    // The thanks, the code and the links are one message too.
    const done = await postsIn('DUANA', 3);
    expect(done).toHaveLength(3);
    expect(done[2]?.text.split('\n\n')).toEqual([
      'Thank you for being a fan of Acme!',
      expect.stringMatching(/^As a thank-you, here is your reward code: ACME-THANKS-\d{4}$/),
      'If you have a minute, a review helps others find us: https://reviews.example.com/acme',
      'Know someone who would like Acme? Share your referral link: https://acme.example.com/refer',
    ]);
    // Name and locale were looked up once for the whole conversation, with the locale asked for.
    const lookUps = slack.calls.filter((call) => call.method === 'users.info' && call.args.user === 'UANA');
    expect(lookUps).toHaveLength(1);
    expect(lookUps[0]?.args.include_locale).toBe('true');
  });

  it('takes a detractor through area and contact buttons, and posts the escalation', async () => {
    await send(dm('UMEI', '你好'), 'application/json');
    const [question] = await postsIn('DUMEI', 1);
    expect(question?.text).toBe('美玲，您好！\n\n您有多大可能向朋友或同事推荐Acme？');
    await send(click('UMEI', ask(question), '2'), FORM);
    await postsIn('DUMEI', 2);
    await send(dm('UMEI', '客服一直不回复'), 'application/json');
    const [, , area] = await postsIn('DUMEI', 3);
    expect(area?.buttons).toEqual(['product', 'service', 'price', 'reliability', 'other']);
    await send(click('UMEI', ask(area), 'service', '服务'), FORM);
    const [, , , contact] = await postsIn('DUMEI', 4);
    expect(contact?.buttons).toEqual(['yes', 'no']);
    // The bot is not in the escalation channel yet: Slack refuses the first post, the outbox tries again.
    slack.failOnce.set('chat.postMessage C-ESCALATIONS', 'not_in_channel');
    await send(click('UMEI', ask(contact), 'yes', '是'), FORM);
    const all = await postsIn('DUMEI', 5);
    expect(all.map((post) => post.text)).toEqual([
      '美玲，您好！\n\n您有多大可能向朋友或同事推荐Acme？',
      expect.stringContaining('很抱歉'),
      area?.text,
      contact?.text,
      '谢谢您。我们的团队会在 4 小时内在这里回复您。',
    ]);
    for (const asked of [question, area, contact]) {
      const update = await updateOf(asked?.ts);
      expect(JSON.stringify(update.args.blocks)).not.toContain('"actions"');
    }

    const escalation = await postsIn('C-ESCALATIONS', 1);
    const attempts = slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C-ESCALATIONS');
    expect(attempts.map((call) => call.answer.ok)).toEqual([false, true]);
    expect(escalation).toHaveLength(1);
    const text = escalation[0]?.text ?? '';
    expect(text).toBe('Detractor asks to be contacted: <@UMEI>, score 2/10');
    const shown = textsOf(escalation[0]?.blocks ?? []);
    expect(shown).toContainEqual({ type: 'mrkdwn', text: '*Customer*\n<@UMEI>' });
    expect(shown).toContainEqual({ type: 'mrkdwn', text: '*Score*\n2/10' });
    expect(shown).toContainEqual({ type: 'plain_text', text: 'Area: service' });
    expect(shown).toContainEqual({ type: 'plain_text', text: '客服一直不回复' });
    // The promise: 4 hours (promiseHours) after the answer, as a date Slack shows in the reader's time zone.
    const promisedLine = shown.find((t) => t.text.startsWith('*Promised by:*'))?.text ?? '';
    const promised = /^\*Promised by:\* <!date\^(\d+)\^\{date_short_pretty\} \{time\}\|([^>]+)>$/.exec(promisedLine);
    expect(Number(promised?.[1]) * 1000).toBe(Math.floor(Date.parse(promised?.[2] ?? '') / 1000) * 1000);
    const promisedIn = Date.parse(promised?.[2] ?? '') - Date.now();
    expect(promisedIn).toBeGreaterThan(3 * 3600_000);
    expect(promisedIn).toBeLessThanOrEqual(4 * 3600_000);
  });

  it('after a re-ask, a click on the first question shows that question answered and retires the re-ask: score, area, contact', async () => {
    const sections = (blocks: unknown) => textsOf(blocks as unknown[]).map((t) => t.text);
    /** Asks, answers wrongly, clicks the first question: both messages end up answered, each with its own words. */
    async function reaskThenClickFirst(wrong: string, value: string, label: string, posted: number) {
      const first = slack.posts('DUREASK')[posted - 1];
      await send(dm('UREASK', wrong), 'application/json');
      const reask = (await postsIn('DUREASK', posted + 1))[posted];
      expect(reask?.buttons).toEqual(first?.buttons);
      await send(click('UREASK', ask(first), value, label), FORM);
      await postsIn('DUREASK', posted + 2);
      const [firstUpdate, reaskUpdate] = [await updateOf(first?.ts), await updateOf(reask?.ts)];
      for (const [update, asked] of [
        [firstUpdate, first],
        [reaskUpdate, reask],
      ] as const) {
        expect(sections(update.args.blocks)).toEqual(asked?.text.split('\n\n'));
        expect(JSON.stringify(update.args.blocks)).toContain(`✔ *${label}*`);
        expect(JSON.stringify(update.args.blocks)).not.toContain('"actions"');
      }
      return { first, reask };
    }
    await send(dm('UREASK', 'hi'), 'application/json');
    await postsIn('DUREASK', 1);
    const score = await reaskThenClickFirst('7 or 8', '3', '3', 1);
    expect(score.first?.text).toBe('Hi Sam!\n\nHow likely are you to recommend Acme to a friend or colleague?');
    expect(score.reask?.text).toMatch(/one number from 0 to 10/);
    await send(dm('UREASK', 'It keeps crashing'), 'application/json');
    await postsIn('DUREASK', 4);
    const area = await reaskThenClickFirst('the weather', 'reliability', 'Reliability', 4);
    expect(area.first?.text).toBe('Which area caused the problem?');
    const contact = await reaskThenClickFirst('perhaps', 'no', 'No', 6);
    expect(contact.first?.text).toBe('Would you like someone from Acme to contact you about this?');
    // Each message was updated once, to its own question: nothing was rewritten with another's words.
    const updates = slack.calls.filter((call) => call.method === 'chat.update' && call.args.channel === 'DUREASK');
    expect(updates).toHaveLength(6);
  });

  it("shows a customer's reason in the escalation as plain text: no forged line, link or mention", async () => {
    const forged = 'Slow.\n*Promised by:* never, ask <https://evil.example|the refund desk> & <!channel>';
    await send(dm('UFORGE', 'hi'), 'application/json');
    const [question] = await postsIn('DUFORGE', 1);
    await send(click('UFORGE', ask(question), '1'), FORM);
    await postsIn('DUFORGE', 2);
    await send(dm('UFORGE', forged), 'application/json');
    const [, , area] = await postsIn('DUFORGE', 3);
    await send(click('UFORGE', ask(area), 'price'), FORM);
    const [, , , contact] = await postsIn('DUFORGE', 4);
    await send(click('UFORGE', ask(contact), 'yes'), FORM);

    await expect
      .poll(() => slack.posts('C-ESCALATIONS').filter((post) => post.text.includes('<@UFORGE>')).length, {
        timeout: 5000,
      })
      .toBe(1);
    const post = slack.posts('C-ESCALATIONS').find((p) => p.text.includes('<@UFORGE>'));
    const shown = textsOf(post?.blocks ?? []);
    // The reason arrives word for word, in a text object Slack does not format.
    expect(shown.filter((t) => t.text.includes('evil.example'))).toEqual([{ type: 'plain_text', text: forged }]);
    // Our own mrkdwn has exactly one "Promised by" line, and no customer words anywhere in it.
    const ours = shown.filter((t) => t.type === 'mrkdwn').map((t) => t.text);
    expect(ours.filter((text) => text.includes('Promised by'))).toHaveLength(1);
    expect(ours.join('\n')).not.toMatch(/evil|refund|<!channel>/);
    expect(post?.text).toBe('Detractor asks to be contacted: <@UFORGE>, score 1/10');
  });

  it('answers neither a retry of Slack nor a double click twice', async () => {
    await send(dm('URETRY', 'hello'), 'application/json');
    const [question] = await postsIn('DURETRY', 1);
    const scoreClick = click('URETRY', ask(question), '8');
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
      'Hi Sam!\n\nHow likely are you to recommend Acme to a friend or colleague?',
      'Thank you! What would make it a 10 for you? (Type "skip" to skip this question.)',
      'Thanks for your feedback! Our team reads every answer and uses it to decide what to improve next.',
    ]);
  });

  it('answers a retry whose first delivery never arrived', async () => {
    const lost = dm('ULOST', 'hello');
    await send(lost, 'application/json', {
      ...sign(lost),
      'x-slack-retry-num': '2',
      'x-slack-retry-reason': 'timeout',
    });
    const posts = await postsIn('DULOST', 1);
    expect(posts.map((post) => post.buttons.length)).toEqual([11]);
  });

  it('ignores channel messages, thread replies, edits and bots', async () => {
    await send(dm('UQUIET', 'in a channel', { channel_type: 'channel', channel: 'CGENERAL' }), 'application/json');
    await send(dm('UQUIET', 'in a group DM', { channel_type: 'mpim', channel: 'GGROUP' }), 'application/json');
    await send(dm('UQUIET', 'in a thread', { thread_ts: '1.0' }), 'application/json');
    await send(dm('UQUIET', 'from a bot', { bot_id: 'BOTHER', subtype: 'bot_message' }), 'application/json');
    await send(dm('UQUIET', 'an edit', { subtype: 'message_changed', user: undefined }), 'application/json');
    await send(dm('UQUIET', 'a join', { subtype: 'channel_join' }), 'application/json');
    await send(dm('UQUIET', 'for real'), 'application/json');
    const posts = await postsIn('DUQUIET', 1);
    expect(posts).toHaveLength(1);
    expect(slack.posts('CGENERAL')).toEqual([]);
    expect(slack.posts('GGROUP')).toEqual([]);
  });

  it('starts the survey in the DM on /nps, and says so to whoever typed it in a channel', async () => {
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
    const posts = await postsIn('DUSLASH', 1);
    expect(posts[0]?.buttons).toHaveLength(11);
    expect(slack.calls.some((call) => call.method === 'conversations.open' && call.args.users === 'USLASH')).toBe(true);
    await expect
      .poll(() => slack.responses())
      .toContainEqual({
        response_type: 'ephemeral',
        text: 'I have sent you the survey in a direct message.',
      });
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

  it('shows the summary to admins listed in the survey file, and not to others, after the ack', async () => {
    const replies = (start: string) =>
      slack.responses().filter((reply) => typeof reply.text === 'string' && reply.text.startsWith(start));
    const admin = await send(report('UADMIN'), FORM);
    expect(admin.status).toBe(200);
    // Acknowledged at once; the report follows through the command's response_url, seen only by them.
    expect(await admin.text()).toBe('');
    await expect.poll(() => replies('NPS report').length).toBe(1);
    expect(replies('NPS report')[0]).toEqual({
      response_type: 'ephemeral',
      text: expect.stringMatching(
        /^NPS report, \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(UTC\)\nNPS -?\d+\.\d ± \d+\.\d/,
      ),
    });
    expect(await (await send(report('UNOBODY'), FORM)).text()).toBe('');
    await expect.poll(() => replies('Reports are for survey admins').length).toBe(1);
  });
});

describe('surveys the bot starts in Slack', () => {
  it('opens the DM, waits out a rate limit, asks, and does not ask again within throttleDays', async () => {
    slack.rateLimitOnce.add('conversations.open');
    const status = await app.proactive
      .get('slack')
      ?.startSurvey({ user: 'UPRO', touchpoint: 'quarterly', properties: {} });
    expect(status).toBe('sent');
    const posts = await postsIn('DUPRO', 1);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.buttons).toHaveLength(11);
    const again = await fetch(`${base}/api/surveys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'slack', user: 'UPRO' }),
    });
    expect(await again.json()).toEqual({ status: 'throttled' });
  });

  it('sends over POST /api/surveys, and opens no DM for someone who opted out', async () => {
    const ask = (user: string) =>
      fetch(`${base}/api/surveys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'slack', user, touchpoint: 'onboarding' }),
      });
    const sent = await ask('UHTTP');
    expect(sent.status).toBe(202);
    expect(await sent.json()).toEqual({ status: 'sent' });
    const posts = await postsIn('DUHTTP', 1);
    expect(posts[0]?.buttons).toHaveLength(11);

    await send(dm('UQUIT', 'hello'), 'application/json');
    await postsIn('DUQUIT', 1);
    await send(dm('UQUIT', 'stop'), 'application/json');
    await postsIn('DUQUIT', 2);
    const opensBefore = slack.calls.filter((call) => call.method === 'conversations.open').length;
    expect(await (await ask('UQUIT')).json()).toEqual({ status: 'opted_out' });
    expect(slack.calls.filter((call) => call.method === 'conversations.open')).toHaveLength(opensBefore);
    expect(slack.posts('DUQUIT')).toHaveLength(2);
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
    const early = await send(body, 'application/json', sign(body, Math.floor(Date.now() / 1000) + 600));
    expect(early.status).toBe(401);
    const forgedClick = click('UEVIL', { ts: '1.000100', text: 'How likely…' }, '0');
    const clicked = await send(forgedClick, FORM, sign(forgedClick.replace('0', '1')));
    expect(clicked.status).toBe(401);
    expect(await clicked.json()).toMatchObject({ error: 'bad_signature' });
    expect((await send('{"type":', 'application/json')).status).toBe(400);
    const huge = `{"type":"event_callback","x":"${'a'.repeat(600 * 1024)}"}`;
    const tooBig = await send(huge, 'application/json');
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    const notSlack = await send(JSON.stringify({ type: 'something_else' }), 'application/json');
    expect(notSlack.status).toBe(400);
    expect(await notSlack.json()).toMatchObject({ error: 'bad_request' });
    expect(slack.posts('DUEVIL')).toEqual([]);
    expect(slack.calls.some((call) => call.args.user === 'UEVIL' || call.args.users === 'UEVIL')).toBe(false);
  });

  it('answers the URL verification challenge', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'legacy' });
    const answer = await send(body, 'application/json');
    expect(await answer.json()).toEqual({ challenge: 'c-123' });
  });
});

describe('start-up with Slack', () => {
  const start = (env: Record<string, string>) =>
    createApp(
      loadConfig({
        PORT: '0',
        LOG_LEVEL: 'silent',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: 'xoxb-test',
        ...env,
      }),
      { survey: testSurvey() },
    );

  it('stops with one line naming the token when Slack refuses it', async () => {
    await expect(start({ SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_API_URL: slack.url })).rejects.toThrow(
      new SlackConfigError('SLACK_BOT_TOKEN: Slack refused it (invalid_auth)'),
    );
  });

  it('stops naming SLACK_API_URL when nothing answers there', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(start({ SLACK_API_URL: `http://127.0.0.1:${port}/api/` })).rejects.toThrow(
      /^SLACK_API_URL: Slack's Web API could not be reached/,
    );
  });
});

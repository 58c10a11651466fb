/**
 * Teams and the Bot Framework over real HTTP: activities as Teams and the Emulator send them
 * are POSTed to /api/messages, and a fake connector on 127.0.0.1 records what the bot sends.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH, parseScore, type ScoreReader } from '../../dialogs/index.js';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { counterField, dayOf } from '../../src/engine/response.js';
import type { OutgoingEvent } from '../../src/store/types.js';
import { FakeConnector } from './fake-connector.js';

let app: App;
let base: string;
const connector = new FakeConnector();
const delivered: OutgoingEvent[] = [];
/** The longest text the dialog's score reader was handed in this file: never over the text limit. */
let longestRead = 0;
const watchedReader: ScoreReader = (text) => {
  longestRead = Math.max(longestRead, text.length);
  return parseScore(text);
};

beforeAll(async () => {
  await connector.start();
  app = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), {
    readScore: watchedReader,
  });
  app.events.add({ name: 'recorder', accepts: () => true, deliver: async (event) => void delivered.push(event) });
  base = `http://127.0.0.1:${await app.listen()}`;
});
afterAll(async () => {
  await app?.close();
  await connector.stop();
});

interface Person {
  aad: string;
  teamsId: string;
  conversation: string;
  locale: string;
}

function newPerson(locale = 'en-US'): Person {
  const id = randomUUID().slice(0, 8);
  return { aad: `aad-${id}`, teamsId: `29:1${id}`, conversation: `a:1${id}`, locale };
}

/** An activity shaped like the ones Teams sends to a bot in a personal chat. */
function teamsActivity(person: Person, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'message',
    id: `${Date.now()}${Math.floor(Math.random() * 1e6)}`,
    timestamp: new Date().toISOString(),
    serviceUrl: connector.url,
    channelId: 'msteams',
    from: { id: person.teamsId, name: 'Megan Bowen', aadObjectId: person.aad },
    conversation: { conversationType: 'personal', tenantId: 'tenant-1', id: person.conversation },
    recipient: { id: '28:npsbot', name: 'npsbot' },
    textFormat: 'plain',
    locale: person.locale,
    channelData: { tenant: { id: 'tenant-1' } },
    ...fields,
  };
}

async function post(body: unknown, raw?: string): Promise<Response> {
  return fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? JSON.stringify(body),
  });
}

/** Sends one activity and returns what the bot sent in answer: texts, and cards by their buttons. */
async function exchange(activity: Record<string, unknown>) {
  const from = connector.calls.length;
  const response = await post(activity);
  expect(response.status).toBe(200);
  const calls = connector.calls.slice(from);
  return {
    sent: connector.sentSince(from),
    /** The connector's id of each activity sent: what a card's submit names as its `replyToId`. */
    ids: connector.postedSince(from).map((posted) => posted.id),
    texts: connector.sentSince(from).map(describeActivity),
    updates: calls.filter((call) => call.method === 'PUT'),
  };
}

interface CardContent {
  body: {
    type: string;
    text?: string;
    actions?: { title: string; data: unknown }[];
    columns?: { items: { text: string }[] }[];
  }[];
}

function cardOf(activity: Record<string, unknown>): CardContent | undefined {
  const attachments = activity.attachments as { contentType: string; content: CardContent }[] | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** A card's lines of text (not the scale's labels), in order. */
function linesOf(card: CardContent | undefined): string[] {
  return card?.body.flatMap((block) => (block.type === 'TextBlock' && block.text ? [block.text] : [])) ?? [];
}

/** A readable line per activity: its text, or a card's lines and its button titles. */
function describeActivity(activity: Record<string, unknown>): string {
  const card = cardOf(activity);
  if (!card) return String(activity.text);
  const buttons = card.body.flatMap((block) => block.actions?.map((action) => action.title) ?? []);
  return `${linesOf(card).join(' / ')} [${buttons.join('|')}]`;
}

/** The submit data of a card's button, as Teams sends it back when the button is pressed. */
function submitOf(activity: Record<string, unknown> | undefined, title: string): unknown {
  const actions = cardOf(activity ?? {})?.body.flatMap((block) => block.actions ?? []) ?? [];
  return actions.find((action) => action.title === title)?.data;
}

describe('a survey in Teams', () => {
  it('cuts a 250k-character message to the text limit before the score reader: refused as a score, kept as a reason', async () => {
    const person = newPerson();
    const huge = `8 ${'this app is terrible, '.repeat(11_400)}`;
    expect(huge.length).toBeGreaterThan(250_000);
    await exchange(teamsActivity(person, { text: 'hi' }));
    const refused = await exchange(teamsActivity(person, { text: huge }));
    expect(refused.texts).toEqual([
      'That message is too long to read a score from. Please answer with one whole number from 0 to 10. [0|1|2|3|4|5|6|7|8|9|10]',
    ]);
    const key = { channel: 'teams', user: person.aad, conversation: person.conversation } as const;
    expect((await app.store.load(key)).record?.dialog.answers.score).toBeNull();

    await exchange(teamsActivity(person, { text: '3' }));
    const area = await exchange(teamsActivity(person, { text: huge }));
    expect(area.texts[0]).toMatch(/^Which area caused the problem\?/);
    const { record } = await app.store.load(key);
    expect(record?.dialog.answers).toMatchObject({ score: 3, reason: huge.slice(0, MAX_TEXT_LENGTH).trim() });
    expect(longestRead).toBeGreaterThan(0);
    expect(longestRead).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
  });

  it('walks a promoter through card submits and typed text, updating the answered card', async () => {
    const person = newPerson();
    const hello = await exchange(teamsActivity(person, { text: 'hi' }));
    // One connector call for the first turn: the greeting is the card's first line.
    expect(hello.sent).toHaveLength(1);
    expect(hello.texts).toEqual([
      'Hi Megan Bowen! / How likely are you to recommend Acme to a friend or colleague? [0|1|2|3|4|5|6|7|8|9|10]',
    ]);
    expect(hello.sent[0]?.summary).toBe(
      'Hi Megan Bowen! How likely are you to recommend Acme to a friend or colleague?',
    );
    const card = cardOf(hello.sent[0] ?? {});
    const actionSets = card?.body.filter((block) => block.type === 'ActionSet') ?? [];
    expect(actionSets.map((set) => set.actions?.length)).toEqual([6, 5]);
    const submit = { npsScore: 10, npsQuestion: expect.any(String) };
    expect(actionSets[1]?.actions?.[4]).toEqual({ type: 'Action.Submit', title: '10', data: submit });
    const ends = card?.body
      .find((block) => block.type === 'ColumnSet')
      ?.columns?.map((column) => column.items[0]?.text);
    expect(ends).toEqual(['0 = Not at all likely', '10 = Extremely likely']);

    const scored = await exchange(
      teamsActivity(person, { replyToId: hello.ids[0], value: submitOf(hello.sent[0], '10') }),
    );
    expect(scored.updates).toHaveLength(1);
    expect(scored.updates[0]?.activityId).toBe(hello.ids[0]);
    expect(describeActivity(scored.updates[0]?.body ?? {})).toBe(
      'Hi Megan Bowen! / How likely are you to recommend Acme to a friend or colleague? / ✔ 10 []',
    );
    expect(scored.texts).toEqual([
      'Wonderful, thank you! What do you value most about Acme? (Type "skip" to skip this question.)',
    ]);

    const done = await exchange(teamsActivity(person, { text: 'The support team is brilliant' }));
    // The thanks, the code and the links are one message, a paragraph each.
    expect(done.texts).toHaveLength(1);
    const paragraphs = done.texts[0]?.split('\n\n') ?? [];
    expect(paragraphs[0]).toBe('Thank you for being a fan of Acme!');
    expect(paragraphs[1]).toMatch(/^As a thank-you, here is your reward code: ACME-THANKS-\d{4}$/);
    expect(paragraphs.slice(2)).toEqual([
      'If you have a minute, a review helps others find us: https://reviews.example.com/acme',
      'Know someone who would like Acme? Share your referral link: https://acme.example.com/refer',
    ]);
  });

  it('after a re-ask, a click on the first card shows its own question answered and retires the re-ask: score, area, contact', async () => {
    const person = newPerson();
    /** The card asked, a wrong answer and its re-ask card, then a click on the first card's button. */
    async function reaskThenClickFirst(first: Awaited<ReturnType<typeof exchange>>, wrong: string, title: string) {
      const reask = await exchange(teamsActivity(person, { text: wrong }));
      expect(reask.sent).toHaveLength(1);
      const clicked = await exchange(
        teamsActivity(person, { replyToId: first.ids[0], value: submitOf(first.sent[0], title) }),
      );
      const updated = new Map(clicked.updates.map((update) => [update.activityId, update.body]));
      // Both cards are updated, each to its own words with the answer, and neither keeps a button.
      expect([...updated.keys()].sort()).toEqual([first.ids[0], reask.ids[0]].sort());
      for (const card of [first, reask]) {
        const update = updated.get(card.ids[0] ?? '') ?? {};
        expect(linesOf(cardOf(update))).toEqual([...linesOf(cardOf(card.sent[0] ?? {})), `✔ ${title}`]);
        expect(describeActivity(update)).toMatch(/\[\]$/);
      }
      return { reask, clicked };
    }
    const hello = await exchange(teamsActivity(person, { text: 'hi' }));
    const score = await reaskThenClickFirst(hello, '7 or 8', '3');
    expect(score.reask.texts[0]).toMatch(/^Please pick just one number from 0 to 10\./);
    expect(score.clicked.texts[0]).toMatch(/^We're sorry to hear that/);
    const area = await exchange(teamsActivity(person, { text: 'It keeps crashing' }));
    const areaAnswered = await reaskThenClickFirst(area, 'the weather', 'Reliability');
    expect(areaAnswered.clicked.texts).toEqual([
      'Would you like someone from Acme to contact you about this? [Yes|No]',
    ]);
    const contact = { ...areaAnswered.clicked };
    await reaskThenClickFirst(contact, 'perhaps', 'No');
    const key = { channel: 'teams', user: person.aad, conversation: person.conversation } as const;
    expect((await app.store.load(key)).record?.dialog.answers).toMatchObject({
      score: 3,
      area: 'reliability',
      contact: false,
    });
  });

  it('retires the cards of a step answered by typing, showing what was understood', async () => {
    const person = newPerson();
    const hello = await exchange(teamsActivity(person, { text: 'hi' }));
    const typed = await exchange(teamsActivity(person, { text: "I'd give it a 9" }));
    expect(typed.updates.map((update) => [update.activityId, describeActivity(update.body)])).toEqual([
      [hello.ids[0], 'Hi Megan Bowen! / How likely are you to recommend Acme to a friend or colleague? / ✔ 9 []'],
    ]);
  });

  it('walks a passive who types the score', async () => {
    const person = newPerson();
    await exchange(teamsActivity(person, { text: 'hello' }));
    const scored = await exchange(teamsActivity(person, { text: "I'd give it an 8" }));
    expect(scored.texts).toEqual(['Thank you! What would make it a 10 for you? (Type "skip" to skip this question.)']);
    const done = await exchange(teamsActivity(person, { text: 'An offline mode' }));
    expect(done.texts).toEqual([
      'Thanks for your feedback! Our team reads every answer and uses it to decide what to improve next.',
    ]);
  });

  it('walks a detractor through area and contact cards to an escalation', async () => {
    const person = newPerson();
    const hello = await exchange(teamsActivity(person, { text: 'hi' }));
    // A client of its own may submit the bare `{ npsScore }`: it answers the card it replies to.
    const scored = await exchange(teamsActivity(person, { replyToId: hello.ids[0], value: { npsScore: 3 } }));
    expect(scored.updates.map((update) => [update.activityId, describeActivity(update.body)])).toEqual([
      [hello.ids[0], 'Hi Megan Bowen! / How likely are you to recommend Acme to a friend or colleague? / ✔ 3 []'],
    ]);
    const area = await exchange(teamsActivity(person, { text: 'Billing doubled my invoice' }));
    expect(area.texts).toEqual(['Which area caused the problem? [Product|Service|Price|Reliability|Something else]']);
    expect(submitOf(area.sent[0], 'Price')).toEqual({ npsChoice: 'price', npsQuestion: expect.any(String) });

    const contact = await exchange(
      teamsActivity(person, { replyToId: area.ids[0], value: submitOf(area.sent[0], 'Price') }),
    );
    expect(contact.updates[0]?.activityId).toBe(area.ids[0]);
    expect(JSON.stringify(contact.updates[0]?.body)).toContain('✔ Price');
    expect(contact.texts).toEqual(['Would you like someone from Acme to contact you about this? [Yes|No]']);

    const promised = await exchange(
      teamsActivity(person, { replyToId: contact.ids[0], value: submitOf(contact.sent[0], 'Yes') }),
    );
    expect(promised.texts).toEqual(['Thank you. Someone from our team will reply to you here within 24 hours.']);
    await expect.poll(() => delivered.map((event) => event.type)).toContain('escalation.raised');
  });

  it('asks about an unsure score in the person\'s language, and a typed "是" confirms it', async () => {
    const person = newPerson('zh-CN');
    await exchange(teamsActivity(person, { text: '你好' }));
    const asked = await exchange(teamsActivity(person, { text: '大概7分' }));
    expect(asked.texts).toEqual([
      '您是想打7分吗？点下面的分数确认，或选择 0 到 10 之间的另一个分数。 [0|1|2|3|4|5|6|7|8|9|10]',
    ]);
    const key = { channel: 'teams', user: person.aad, conversation: person.conversation } as const;
    expect((await app.store.load(key)).record?.dialog.answers.score).toBeNull();
    const confirmed = await exchange(teamsActivity(person, { text: '是' }));
    expect(confirmed.texts[0]).toContain('怎样才能让您打 10 分');
    expect((await app.store.load(key)).record?.dialog.answers.score).toBe(7);
  });

  it('speaks the activity locale', async () => {
    const person = newPerson('zh-CN');
    const hello = await exchange(teamsActivity(person, { text: '你好' }));
    expect(hello.texts).toEqual(['Megan Bowen，您好！ / 您有多大可能向朋友或同事推荐Acme？ [0|1|2|3|4|5|6|7|8|9|10]']);
  });

  it('answers an activity delivered twice once, and counts it once', async () => {
    const person = newPerson();
    const touchpointless = counterField('score', 'teams', '', 6);
    const day = dayOf(Date.now());
    const countBefore = (await app.store.readRollups(app.survey.id, [day])).get(day)?.get(touchpointless) ?? 0;
    await exchange(teamsActivity(person, { text: 'hi' }));
    const activity = teamsActivity(person, { text: '6' });
    const first = await exchange(activity);
    const again = await exchange(activity);
    expect(first.texts).toHaveLength(1);
    expect(again.sent).toEqual([]);
    const countAfter = (await app.store.readRollups(app.survey.id, [day])).get(day)?.get(touchpointless) ?? 0;
    expect(countAfter - countBefore).toBe(1);
  });

  it('works with the Bot Framework Emulator', async () => {
    const conversation = `${randomUUID()}|livechat`;
    const from = connector.calls.length;
    const response = await post({
      type: 'message',
      id: randomUUID(),
      channelId: 'emulator',
      serviceUrl: connector.url,
      from: { id: 'emulator-user', name: 'User', role: 'user' },
      conversation: { id: conversation },
      recipient: { id: 'npsbot', name: 'Bot', role: 'bot' },
      text: 'hello',
      locale: 'en-US',
    });
    expect(response.status).toBe(200);
    expect(connector.sentSince(from).map(describeActivity)).toEqual([
      'Hi User! / How likely are you to recommend Acme to a friend or colleague? [0|1|2|3|4|5|6|7|8|9|10]',
    ]);
  });
});

describe('proactive surveys in Teams', () => {
  it('stores the conversation on install and starts a survey there later, by AAD or Teams id', async () => {
    const person = newPerson();
    const install = await post(
      teamsActivity(person, { type: 'conversationUpdate', membersAdded: [{ id: '28:npsbot' }], text: undefined }),
    );
    expect(install.status).toBe(200);
    const proactive = app.proactive.get('teams');
    const from = connector.calls.length;
    const status = await proactive?.startSurvey({
      user: person.aad,
      touchpoint: 'quarterly',
      properties: { plan: 'pro' },
    });
    expect(status).toBe('sent');
    const sent = connector.calls.slice(from).filter((call) => call.method === 'POST');
    expect(sent.map((call) => call.conversation)).toEqual([person.conversation]);
    expect(sent.map((call) => describeActivity(call.body))[0]).toMatch(/^Hi Megan Bowen! \/ How likely/);

    // The same person by their Teams id: surveyed moments ago, so throttled.
    expect(await proactive?.startSurvey({ user: person.teamsId, touchpoint: null, properties: {} })).toBe('throttled');
  });

  it('answers no_conversation for someone who never talked to the bot', async () => {
    const status = await app.proactive
      .get('teams')
      ?.startSurvey({ user: 'aad-stranger', touchpoint: null, properties: {} });
    expect(status).toBe('no_conversation');
  });
});

describe('bad input on /api/messages', () => {
  it('answers malformed JSON, a body without a type and an oversized body with JSON errors', async () => {
    const malformed = await post(undefined, '{"type": "message",');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });

    const untyped = await post({ text: 'hi' });
    expect(untyped.status).toBe(400);
    expect(await untyped.json()).toMatchObject({ error: 'bad_activity' });

    const huge = await post({ type: 'message', text: 'x'.repeat(300 * 1024) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: expect.any(String) });

    const stillUp = await exchange(teamsActivity(newPerson(), { text: 'hi' }));
    expect(stillUp.texts).toHaveLength(1);
  });
});

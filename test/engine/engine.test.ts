/**
 * The engine around the dialog: who may be surveyed, what a turn writes (responses,
 * events, person records), reward codes, locales and message ids — on the memory store,
 * with the clock injected.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Survey } from '../../dialogs/index.js';
import { Engine } from '../../src/engine/engine.js';
import type { Inbound, InboundEvent } from '../../src/engine/types.js';
import { MemoryStore } from '../../src/store/memory.js';
import { testSurvey } from '../support/survey.js';

const DAY = 86_400_000;

function setUp(survey: Survey = testSurvey()) {
  const clock = { now: Date.parse('2026-11-02T09:00:00Z') };
  const store = new MemoryStore(() => clock.now);
  const engine = new Engine({ store, survey, newId: randomUUID, clock: () => clock.now });
  const person = { channel: 'slack' as const, user: `U${randomUUID().slice(0, 6)}` };
  const say = (event: InboundEvent, extra: Partial<Inbound> = {}) =>
    engine.handle({ ...person, conversation: 'D1', event, ...extra });
  return { clock, store, engine, person, say };
}

const text = (t: string): InboundEvent => ({ kind: 'text', text: t });

describe('who may be surveyed', () => {
  it('refuses a bot-started survey for someone who opted out, until they start one themselves', async () => {
    const { say, engine, person, store } = setUp();
    await say({ kind: 'start', startedBy: 'user' });
    const stop = await say(text('unsubscribe'));
    expect(stop.messages.map((m) => m.key)).toEqual(['optedOut']);
    expect(stop.done).toBe(true);

    const proactive = await say({ kind: 'start', startedBy: 'bot' });
    expect(proactive).toMatchObject({ refused: 'opted_out', messages: [] });
    expect(await engine.eligibility(person)).toBe('opted_out');

    const ownStart = await say({ kind: 'start', startedBy: 'user' });
    expect(ownStart.messages.map((m) => m.key)).toEqual(['greetingAnonymous', 'scoreQuestion']);
    expect((await store.person(person)).optedOut).toBe(false);
  });

  it('opts someone back in who types "restart" after "stop"', async () => {
    const { say, store, person } = setUp();
    await say({ kind: 'start', startedBy: 'user' });
    await say(text('stop'));
    expect((await store.person(person)).optedOut).toBe(true);
    const again = await say(text('restart'));
    expect(again.messages.map((m) => m.key)).toEqual(['restarted', 'scoreQuestion']);
    expect((await store.person(person)).optedOut).toBe(false);
  });

  it('throttles bot-started surveys for throttleDays after the last one', async () => {
    const { say, engine, person, clock } = setUp(testSurvey({ throttleDays: 90 }));
    expect((await say({ kind: 'start', startedBy: 'bot' })).refused).toBeUndefined();
    await say(text('8'));
    await say(text('skip'));
    clock.now += 89 * DAY;
    expect(await engine.eligibility(person)).toBe('throttled');
    expect((await say({ kind: 'start', startedBy: 'bot' })).refused).toBe('throttled');
    clock.now += 2 * DAY;
    expect(await engine.eligibility(person)).toBe('ok');
    expect((await say({ kind: 'start', startedBy: 'bot' })).messages.map((m) => m.key)).toEqual([
      'greetingAnonymous',
      'scoreQuestion',
    ]);
  });
});

describe('a survey a page starts for a known customer', () => {
  it("is refused on the turn's own read for someone who opted out or was asked recently, and is never reminded", async () => {
    const { say, store, person, clock } = setUp(testSurvey({ throttleDays: 30 }));
    const opened = await say({ kind: 'start', startedBy: 'page' });
    expect(opened.refused).toBeUndefined();
    expect(opened.messages.map((m) => m.key)).toEqual(['greetingAnonymous', 'scoreQuestion']);
    expect(await store.claimDueReminders(clock.now + 30 * DAY, 10)).toEqual([]);
    expect(await say({ kind: 'start', startedBy: 'page' }, { conversation: 'D2' })).toMatchObject({
      refused: 'throttled',
      messages: [],
      done: true,
    });
    await say(text('stop'));
    clock.now += 31 * DAY;
    expect((await say({ kind: 'start', startedBy: 'page' }, { conversation: 'D3' })).refused).toBe('opted_out');
    // The refusals wrote nothing: the person stays opted out, and no conversation was opened.
    expect((await store.person(person)).optedOut).toBe(true);
    expect((await store.load({ ...person, conversation: 'D3' })).record).toBeNull();
  });
});

describe('what a channel needs to mark question cards answered', () => {
  const question = (result: { messages: { id: string; choices?: unknown[] }[] }) =>
    result.messages.find((message) => message.choices)?.id;

  it('names the card a button answered, with its own question, its greeting and the label it showed', async () => {
    const { say } = setUp();
    const started = await say({ kind: 'start' });
    expect(started.answered).toBeUndefined();
    const card = question(started);
    const scored = await say({ kind: 'choice', value: 3, question: card ?? '' });
    const settled = {
      id: card,
      question: started.messages[1]?.text,
      before: [started.messages[0]?.text],
      answer: '3',
    };
    expect(scored.answered).toEqual(settled);
    expect(scored.settled).toEqual([settled]);
    const reason = await say(text('slow'));
    expect(reason.answered).toBeUndefined();
    expect(reason.settled).toBeUndefined();
    const area = await say({ kind: 'choice', value: 'price' });
    expect(area.answered).toMatchObject({ question: 'Which area caused the problem?', before: [], answer: 'Price' });
  });

  it.each([
    ['the first card', 0],
    ['the re-ask', 1],
  ])('after a re-ask, a click on %s settles both cards, each with its own question', async (_name, pressed) => {
    const { say } = setUp();
    const first = await say({ kind: 'start' });
    const reask = await say(text('7 or 8'));
    const cards = [first, reask].map((result) => {
      const asked = result.messages.find((message) => message.choices);
      return { id: asked?.id ?? '', question: asked?.text ?? '' };
    });
    expect(cards[1]?.question).toMatch(/one number/);
    const clicked = cards[pressed]?.id ?? '';
    const scored = await say({ kind: 'choice', value: 3, question: clicked });
    expect(scored.answered).toMatchObject({ ...cards[pressed], answer: '3' });
    expect(scored.settled?.map(({ id, question, answer }) => ({ id, question, answer }))).toEqual(
      cards.map((card) => ({ ...card, answer: '3' })),
    );
  });

  it('settles the area cards (first and re-ask) when the area is typed, with the label of what was understood', async () => {
    const { say } = setUp();
    await say({ kind: 'start' });
    await say(text('2'));
    const first = await say(text('slow'));
    const reask = await say(text('the weather'));
    expect(reask.messages.map((m) => m.key)).toEqual(['areaInvalid']);
    const typed = await say(text('price'));
    expect(typed.answered).toBeUndefined();
    expect(typed.settled?.map((card) => [card.id, card.answer])).toEqual([
      [first.messages[0]?.id, 'Price'],
      [reask.messages[0]?.id, 'Price'],
    ]);
  });

  it('settles the open cards without an answer when the step is left by "restart" or "stop"', async () => {
    const { say } = setUp();
    await say({ kind: 'start' });
    await say(text('2'));
    const area = await say(text('slow'));
    const restarted = await say(text('restart'));
    expect(restarted.settled).toEqual([
      { id: area.messages[0]?.id, question: area.messages[0]?.text, before: [], answer: null },
    ]);
    const stopped = await say(text('stop'));
    expect(stopped.settled?.map((card) => [card.id, card.answer])).toEqual([[question(restarted), null]]);
  });

  it('keeps the cards open while the step waits: a re-ask or "help" adds one, and a typed score settles them all', async () => {
    const { say } = setUp();
    await say({ kind: 'start' });
    expect((await say(text('help'))).settled).toBeUndefined();
    expect((await say(text('7.5'))).settled).toBeUndefined();
    const scored = await say(text('9'));
    expect(scored.settled?.map((card) => card.answer)).toEqual(['9', '9', '9']);
    expect(scored.settled?.[1]?.before).toEqual([expect.stringMatching(/.+/)]);
  });
});

describe('what a turn writes', () => {
  it('raises scored, completed and escalation events with the response', async () => {
    const { say, store, clock } = setUp(testSurvey({ escalation: { promiseHours: 4 } }));
    await say({ kind: 'start', touchpoint: 'after-support' });
    await say(text('2'));
    await say(text('Nobody answered my ticket'));
    await say({ kind: 'choice', value: 'service' });
    const last = await say({ kind: 'choice', value: 'yes' });
    expect(last.messages.map((m) => m.text)).toEqual([
      'Thank you. Someone from our team will reply to you here within 4 hours.',
    ]);
    expect(store.pendingEvents().map((event) => event.type)).toEqual([
      'response.scored',
      'escalation.raised',
      'response.completed',
      'followup.opened',
    ]);
    const escalation = store.pendingEvents()[1]?.data as { response: Record<string, unknown>; promisedBy: string };
    expect(escalation.promisedBy).toBe(new Date(clock.now + 4 * 3_600_000).toISOString());
    expect(escalation.response).toMatchObject({
      score: 2,
      category: 'detractor',
      reason: 'Nobody answered my ticket',
      area: 'service',
      contact: true,
      touchpoint: 'after-support',
    });
    expect(new Set(store.pendingEvents().map((event) => event.id)).size).toBe(4);
  });

  it('records the score the moment it is understood, before the person walks away', async () => {
    const { say, store, person } = setUp();
    await say({ kind: 'start' });
    await say(text("I'd give it a 7"));
    const { record } = await store.load({ ...person, conversation: 'D1' });
    const response = await store.getResponse(record?.responseId ?? '', person);
    expect(response).toMatchObject({ score: 7, category: 'passive', status: 'answered', completedAt: null });
  });
});

describe('rewards', () => {
  it('gives a promoter a code from the pool, and says so gracefully when the pool is empty', async () => {
    const survey = testSurvey({ reward: { codes: ['ONLY-ONE'], referralUrl: 'https://acme.example.com/refer' } });
    const first = setUp(survey);
    await first.store.addRewardCodes(survey.id, survey.reward.codes);
    await first.say({ kind: 'start' });
    await first.say(text('10'));
    const thanked = await first.say(text('skip'));
    expect(thanked.messages.map((m) => m.key)).toEqual(['promoterThanks', 'rewardCode', 'referralInvite']);
    expect(thanked.messages[1]?.text).toContain('ONLY-ONE');

    const second = await first.engine.handle({
      channel: 'slack',
      user: 'U-other',
      conversation: 'D2',
      event: { kind: 'start' },
    });
    expect(second.status).toBe('ok');
    await first.engine.handle({ channel: 'slack', user: 'U-other', conversation: 'D2', event: text('9') });
    const empty = await first.engine.handle({
      channel: 'slack',
      user: 'U-other',
      conversation: 'D2',
      event: text('Great'),
    });
    expect(empty.messages.map((m) => m.key)).toEqual(['promoterThanks', 'rewardExhausted', 'referralInvite']);
  });
});

describe('locales and message ids', () => {
  it('speaks the channel locale, keeps it when a later turn sends none, and falls back to the survey default', async () => {
    const { say } = setUp();
    const start = await say({ kind: 'start' }, { locale: 'zh-TW', userName: '美玲' });
    expect(start.messages.map((m) => m.text)).toEqual(['美玲，您好！', '您有多大可能向朋友或同事推薦Acme？']);
    const next = await say(text('九分'));
    expect(next.messages[0]?.key).toBe('reasonPromoter');
    expect(next.messages[0]?.text).toContain('最看重');

    const other = setUp();
    const french = await other.say({ kind: 'start' }, { locale: 'fr-FR' });
    expect(french.messages[1]?.text).toBe('How likely are you to recommend Acme to a friend or colleague?');
  });

  it('numbers messages uniquely within a conversation', async () => {
    const { say } = setUp();
    const ids = [
      ...(await say({ kind: 'start' })).messages,
      ...(await say(text('maybe'))).messages,
      ...(await say(text('6'))).messages,
    ].map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('goes on numbering in a new survey of the same conversation, and replays its retries from its own lines', async () => {
    const { say } = setUp();
    // The first survey starts from a typed score, so its first lines differ from the second's.
    const first = [...(await say(text('8'))).messages, ...(await say(text('skip'))).messages];
    expect(first.map((m) => m.key)).not.toContain('scoreQuestion');
    const second = await say({ kind: 'start' }, { messageId: 'again' });
    expect(second.messages.map((m) => m.key)).toEqual(['greetingAnonymous', 'scoreQuestion']);
    const ids = [...first, ...second.messages].map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    const retried = await say({ kind: 'start' }, { messageId: 'again' });
    expect(retried).toMatchObject({ duplicate: true, messages: second.messages });
  });
});

describe('input from broken clients', () => {
  it('counts a touchpoint with a lone surrogate instead of failing the turn (found by the fuzz run)', async () => {
    const { say } = setUp();
    const started = await say({ kind: 'start', touchpoint: 'checkout\uD800' });
    expect(started.status).toBe('ok');
    expect((await say(text('9'))).status).toBe('ok');
  });
});

describe('a first message that is already a score', () => {
  it('takes "9" written to the bot as the answer, and "hi" as a greeting', async () => {
    const { say, store, person } = setUp();
    const scored = await say(text('9'));
    expect(scored.messages.map((m) => m.key)).toEqual(['greetingAnonymous', 'reasonPromoter']);
    const { record } = await store.load({ ...person, conversation: 'D1' });
    expect(record?.dialog.answers.score).toBe(9);
    expect(await store.getResponse(record?.responseId ?? '', person)).toMatchObject({ score: 9, category: 'promoter' });

    const other = setUp();
    expect((await other.say(text('hi'))).messages.map((m) => m.key)).toEqual(['greetingAnonymous', 'scoreQuestion']);
  });
});

describe('a turn that fails', () => {
  function failing(options: { store?: MemoryStore; newId?: () => string }) {
    const seen = { storeErrors: [] as unknown[], bugs: [] as unknown[], outcomes: [] as string[] };
    const engine = new Engine({
      store: options.store ?? new MemoryStore(),
      survey: testSurvey(),
      newId: options.newId ?? randomUUID,
      clock: () => Date.parse('2026-11-02T09:00:00Z'),
      timer: () => 0,
      observer: {
        storeError: (error) => seen.storeErrors.push(error),
        bug: (error) => seen.bugs.push(error),
        turn: (_channel, outcome) => seen.outcomes.push(outcome),
      },
    });
    const start = () => engine.handle({ channel: 'slack', user: 'U1', conversation: 'D1', event: { kind: 'start' } });
    return { seen, start };
  }

  it('because the store failed: "try again", counted as a store error', async () => {
    const store = new MemoryStore();
    store.load = () => Promise.reject(new Error('connection refused'));
    const { seen, start } = failing({ store });
    const result = await start();
    expect(result).toMatchObject({ status: 'unavailable', messages: [{ key: 'unavailable' }] });
    expect(seen.storeErrors).toEqual([new Error('connection refused')]);
    expect(seen.bugs).toEqual([]);
    expect(seen.outcomes).toEqual(['unavailable']);
  });

  it('because of a bug: the same apology, but reported as a bug and not as the store', async () => {
    const { seen, start } = failing({
      newId: () => {
        throw new TypeError('newId is broken');
      },
    });
    const result = await start();
    expect(result).toMatchObject({ status: 'failed', messages: [{ key: 'unavailable' }] });
    expect(seen.bugs).toEqual([new TypeError('newId is broken')]);
    expect(seen.storeErrors).toEqual([]);
    expect(seen.outcomes).toEqual(['failed']);
  });
});

describe('a turn that loses a race', () => {
  it('waits as long as the injected randomness says before it runs again', async () => {
    const store = new MemoryStore();
    const commit = store.commit.bind(store);
    let conflicts = 2;
    store.commit = (write) => (conflicts-- > 0 ? Promise.resolve({ ok: false, reason: 'conflict' }) : commit(write));
    const pauses: number[] = [];
    const engine = new Engine({
      store,
      survey: testSurvey(),
      newId: randomUUID,
      random: () => 0.5,
      sleep: async (ms) => {
        pauses.push(ms);
      },
    });
    const result = await engine.handle({ channel: 'slack', user: 'U1', conversation: 'D1', event: { kind: 'start' } });
    expect(result.messages.map((m) => m.key)).toEqual(['greetingAnonymous', 'scoreQuestion']);
    expect(pauses).toEqual([0.5, 1]);
  });
});

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

/**
 * What steers a conversation besides the answers (see docs/conversation.md): help, stop,
 * restart and skip from any step, wrong answers and the polite end after three, buttons
 * pressed late, time (the one reminder and expiry, driven by `dueAction` with a simulated
 * clock), and what a message after the end gets.
 */
import { describe, expect, it } from 'vitest';
import { dueAction, MAX_FAILED_TRIES, transition } from '../../dialogs/index.js';
import { testSurvey } from '../support/survey.js';
import { deepFreeze, HOUR, keys, simulateConversation, texts } from './simulated-conversation.js';

/** Walks a fresh detractor conversation to the named step. */
function detractorAt(step: 'score' | 'reason' | 'area' | 'contact') {
  const chat = simulateConversation();
  if (step === 'score') return chat;
  chat.say('4');
  if (step === 'reason') return chat;
  chat.say('slow');
  if (step === 'area') return chat;
  chat.press('service');
  return chat;
}

const QUESTION_AT = {
  score: 'scoreQuestion',
  reason: 'reasonDetractor',
  area: 'areaQuestion',
  contact: 'contactQuestion',
} as const;

describe.each(['score', 'reason', 'area', 'contact'] as const)('at the %s step', (step) => {
  it('"help" explains and asks the same question again, changing nothing', () => {
    const chat = detractorAt(step);
    const before = chat.state;
    const help = chat.say('help');
    expect(keys(help)).toEqual(['help', QUESTION_AT[step]]);
    expect(help.messages[0]?.text).toContain('from 0 (not at all likely) to 10 (extremely likely)');
    expect(help.effects).toEqual([]);
    expect(chat.state).toEqual(before);
  });

  it.each(['stop', 'unsubscribe', 'STOP!', '退订', '退訂'])('"%s" opts out and confirms', (word) => {
    const chat = detractorAt(step);
    const stop = chat.say(word);
    expect(stop.effects).toEqual([{ type: 'optOut' }]);
    expect(stop.messages).toEqual([
      {
        key: 'optedOut',
        text: "You're unsubscribed: we won't send you these surveys again. Thank you!",
        expects: 'none',
      },
    ]);
    expect(chat.state).toMatchObject({ step: 'done', ending: 'opted_out' });
  });

  it('"restart" starts over, keeping the earlier score until a new one replaces it', () => {
    const chat = detractorAt(step);
    const scoreBefore = chat.state.answers.score;
    const restart = chat.say('restart');
    expect(keys(restart)).toEqual(['restarted', 'scoreQuestion']);
    expect(restart.effects).toEqual([]);
    expect(chat.state).toMatchObject({ step: 'score', failedTries: 0, answers: { score: scoreBefore } });
    expect(chat.say('9').effects).toEqual([{ type: 'recordScore', score: 9, category: 'promoter' }]);
    expect(chat.state.answers).toMatchObject({ score: 9, category: 'promoter', reason: null, area: null });
  });
});

describe('skip and no at the score question', () => {
  it.each(['skip', 'no thanks', '跳过', '不用了'])('"%s" ends politely without a score', (word) => {
    const chat = simulateConversation();
    const declined = chat.say(word);
    expect(keys(declined)).toEqual(['declined']);
    expect(declined.effects).toEqual([]);
    expect(chat.state).toMatchObject({ step: 'done', ending: 'declined', answers: { score: null } });
  });
});

describe('wrong answers', () => {
  it('re-prompts with what is expected, keeping the buttons, and ends politely after three', () => {
    expect(MAX_FAILED_TRIES).toBe(3);
    const chat = simulateConversation();
    const first = chat.say('great!');
    expect(first.messages).toEqual([
      {
        key: 'invalidNoNumber',
        text: "Sorry, I didn't catch a score. Please answer with one whole number from 0 to 10.",
        choices: chat.start.messages[1]?.choices,
        scale: chat.start.messages[1]?.scale,
        expects: 'score',
      },
    ]);
    expect(keys(chat.say('7 or 8'))).toEqual(['invalidAmbiguous']);
    expect(chat.state.failedTries).toBe(2);
    const last = chat.say('100');
    expect(texts(last)).toEqual(["No problem, let's leave it there. Thank you for your time!"]);
    expect(last.effects).toEqual([]);
    expect(chat.state).toMatchObject({ step: 'done', ending: 'gave_up', failedTries: 0 });
  });

  it('says why each refusal was refused', () => {
    const chat = simulateConversation();
    expect(keys(chat.say('7.5'))).toEqual(['invalidNotWhole']);
    expect(keys(chat.say('11'))).toEqual(['invalidOutOfRange']);
    expect(keys(chat.say('8'))).toEqual(['reasonPassive']);
    expect(chat.state.failedTries).toBe(0);
  });

  it('counts wrong areas and contact answers too, and keeps the score recorded when giving up', () => {
    const chat = detractorAt('area');
    const wrong = chat.say('the website');
    expect(wrong.messages[0]).toMatchObject({ key: 'areaInvalid', expects: 'choice' });
    expect(wrong.messages[0]?.choices).toHaveLength(5);
    chat.say('Price');
    expect(chat.state.failedTries).toBe(0);
    expect(chat.say('maybe').messages[0]).toMatchObject({
      key: 'contactInvalid',
      choices: [{ value: 'yes' }, { value: 'no' }],
    });
    chat.say('perhaps');
    expect(keys(chat.say('dunno'))).toEqual(['gaveUp']);
    expect(chat.state).toMatchObject({ ending: 'gave_up', answers: { score: 4, area: 'price', contact: null } });
  });

  it('reads a late score button at the reason step as a change of score, never as the reason', () => {
    const chat = simulateConversation();
    chat.press(9);
    const again = chat.press(9);
    expect(again.effects).toEqual([{ type: 'recordScore', score: 9, category: 'promoter' }]);
    expect(keys(again)).toEqual(['reasonPromoter']);
    const changed = chat.press('3');
    expect(changed.effects).toEqual([{ type: 'recordScore', score: 3, category: 'detractor' }]);
    expect(chat.state.answers.reason).toBeNull();
  });

  it('does not take a stray button at the contact step for "no"', () => {
    const chat = detractorAt('contact');
    expect(keys(chat.press('5'))).toEqual(['contactInvalid']);
    expect(chat.state.answers.contact).toBeNull();
  });

  it('takes a sentence containing "stop" at the reason step as a reason', () => {
    const chat = detractorAt('reason');
    const reason = chat.say('please stop charging me twice');
    expect(reason.effects).toEqual([{ type: 'recordReason', reason: 'please stop charging me twice' }]);
  });
});

describe('after the end', () => {
  it('tells someone who answered that they already did, and how to answer again', () => {
    const chat = simulateConversation();
    chat.say('8');
    chat.say('ok');
    const after = chat.say('hello?');
    expect(texts(after)).toEqual([
      'You have already answered, thank you! Type "restart" if you would like to answer again.',
    ]);
    expect(after.effects).toEqual([]);
    expect(keys(chat.say('restart'))).toEqual(['restarted', 'scoreQuestion']);
  });

  it('tells someone who never scored that the survey is closed', () => {
    const chat = simulateConversation();
    chat.say('skip');
    expect(keys(chat.say('9'))).toEqual(['expired']);
    expect(chat.state.answers.score).toBeNull();
  });

  it('ignores a reward result that arrives when no reward was asked for', () => {
    const chat = simulateConversation();
    const stray = chat.send({ kind: 'rewardIssued', code: 'X', exhausted: false });
    expect(stray.messages).toEqual([]);
    expect(chat.state.answers.reward).toBeNull();
  });
});

describe('time', () => {
  const survey = testSurvey({ reminderHours: 24, expiryHours: 72 });

  it('reminds a bot-started survey once at the score step, and expires it from the last answer', () => {
    const chat = simulateConversation({ survey, startedBy: 'bot' });
    chat.clock.advanceHours(23.9);
    expect(dueAction(chat.state, survey, chat.clock.now)).toBeNull();
    chat.clock.advanceHours(0.1);
    expect(dueAction(chat.state, survey, chat.clock.now)).toBe('remind');
    const reminder = chat.send({ kind: 'remind' });
    expect(keys(reminder)).toEqual(['reminder', 'scoreQuestion']);
    expect(chat.state.reminderSent).toBe(true);

    chat.clock.advanceHours(24);
    expect(dueAction(chat.state, survey, chat.clock.now)).toBeNull();
    expect(chat.send({ kind: 'remind' }).messages).toEqual([]);
    chat.say('restart');
    expect(chat.state.reminderSent).toBe(true);

    // The reminder is not the person's activity: expiry counts from their last turn.
    chat.clock.advanceHours(71.9);
    expect(dueAction(chat.state, survey, chat.clock.now)).toBeNull();
    chat.clock.advanceHours(0.1);
    expect(dueAction(chat.state, survey, chat.clock.now)).toBe('expire');
  });

  it('never reminds a survey the person started, nor one past the score step', () => {
    const own = simulateConversation({ survey, startedBy: 'user' });
    own.clock.advanceHours(30);
    expect(dueAction(own.state, survey, own.clock.now)).toBeNull();
    expect(own.send({ kind: 'remind' }).messages).toEqual([]);

    const answered = simulateConversation({ survey, startedBy: 'bot' });
    answered.say('6');
    answered.clock.advanceHours(30);
    expect(dueAction(answered.state, survey, answered.clock.now)).toBeNull();
  });

  it('expires silently, keeping a score already given, and never expires twice', () => {
    const chat = simulateConversation({ survey });
    chat.clock.advanceHours(1);
    chat.say('6');
    chat.clock.advanceHours(72);
    expect(dueAction(chat.state, survey, chat.clock.now)).toBe('expire');
    const expired = chat.send({ kind: 'expire' });
    expect(expired).toMatchObject({ messages: [], effects: [] });
    expect(chat.state).toMatchObject({ step: 'done', ending: 'expired', answers: { score: 6 }, completedAt: null });
    expect(dueAction(chat.state, survey, chat.clock.now + 1_000_000)).toBeNull();
  });
});

describe('purity', () => {
  it('never changes the state it is given, for any kind of input at any step, and returns plain data', () => {
    const inputs = [
      { kind: 'text', text: '9' },
      { kind: 'text', text: 'stop' },
      { kind: 'text', text: 'restart' },
      { kind: 'choice', value: 'yes' },
      { kind: 'start', startedBy: 'bot' },
      { kind: 'remind' },
      { kind: 'expire' },
      { kind: 'rewardIssued', code: 'C', exhausted: false },
    ] as const;
    for (const step of ['score', 'reason', 'area', 'contact'] as const) {
      const chat = detractorAt(step);
      const given = deepFreeze(structuredClone(chat.state));
      const copy = structuredClone(given);
      for (const input of inputs) {
        const result = transition(given, input, chat.survey, { now: chat.clock.now + HOUR, locale: 'zh-CN' });
        expect(given).toEqual(copy);
        expect(result.state).not.toBe(given);
        expect(JSON.parse(JSON.stringify(result))).toEqual(result);
      }
    }
  });
});

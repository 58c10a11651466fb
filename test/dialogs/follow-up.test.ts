/**
 * The conversation after the survey: how an anonymous visitor says how to reach them, what the
 * bot promises (only what a follow-up records), the follow-up step where words join the thread
 * and are acknowledged once, an agent's reply, and the survey file's score threshold.
 */
import { describe, expect, it } from 'vitest';
import { readContactDetails } from '../../dialogs/follow-up.js';
import type { Locale } from '../../dialogs/index.js';
import { testSurvey } from '../support/survey.js';
import { keys, simulateConversation, texts } from './simulated-conversation.js';

function detractorAtContact(options: Parameters<typeof simulateConversation>[0] = {}) {
  const chat = simulateConversation(options);
  chat.say('2');
  chat.say('It broke');
  chat.press('service');
  return chat;
}

describe('contact details of an anonymous visitor', () => {
  it.each([
    ['kim@example.com', { email: 'kim@example.com' }],
    ['  Kim.Lee+nps@mail.example.co.uk ', { email: 'Kim.Lee+nps@mail.example.co.uk' }],
    ['+44 20 7946 0958', { phone: '+44 20 7946 0958' }],
    ['(555) 010-9999', { phone: '(555) 010-9999' }],
    ['０９１２３４５６７８', { phone: '0912345678' }],
    ['skip', null],
    ['跳过', null],
    ['kim@', undefined],
    ['call me', undefined],
    ['12345', undefined],
    ['1234567890123456', undefined],
    ['kim@example', undefined],
  ])('reads %j', (text, expected) => {
    expect(readContactDetails(text)).toEqual(expected);
  });

  it.each([
    ['en', 'kim@example.com', 'contactPromisedEmail', 'will email you at kim@example.com within 24 hours'],
    ['en', '+1 555 010 9999', 'contactPromisedPhone', 'will contact you at +1 555 010 9999 within 24 hours'],
    ['en', 'skip', 'contactPromisedChat', 'will reply here in this chat within 24 hours'],
    ['zh-CN', '跳过', 'contactPromisedChat', '在这个聊天窗口里回复您'],
    ['zh-TW', 'kim@example.com', 'contactPromisedEmail', '寄電子郵件到 kim@example.com'],
  ] as const)(
    'asks (%s) how to reach them and promises what will really happen for %j',
    (locale, answer, key, words) => {
      const chat = detractorAtContact({ anonymous: true, locale: locale as Locale });
      const asked = chat.press('yes');
      expect(keys(asked)).toEqual(['contactDetailsQuestion']);
      expect(asked.effects).toEqual([]);
      const promised = chat.say(answer);
      expect(keys(promised)).toEqual([key]);
      expect(texts(promised)[0]).toContain(words);
      const opening = promised.effects.find((effect) => effect.type === 'openFollowUp');
      expect(opening).toEqual({ type: 'openFollowUp', consented: true, contact: readContactDetails(answer) });
      expect(chat.state).toMatchObject({ step: 'followUp', ending: 'completed', reachAt: readContactDetails(answer) });
    },
  );

  it('re-asks a malformed address, and after the last try keeps the reply in the chat', () => {
    const chat = detractorAtContact({ anonymous: true });
    chat.press('yes');
    expect(keys(chat.say('kim at example'))).toEqual(['contactDetailsInvalid']);
    expect(keys(chat.say('no idea'))).toEqual(['contactDetailsInvalid']);
    const last = chat.say('still no');
    expect(keys(last)).toEqual(['contactPromisedChat']);
    expect(last.effects).toContainEqual({ type: 'openFollowUp', consented: true, contact: null });
  });

  it('does not ask a person the channel can reach', () => {
    const chat = detractorAtContact();
    const promised = chat.press('yes');
    expect(keys(promised)).toEqual(['contactPromised']);
    expect(texts(promised)).toEqual(['Thank you. Someone from our team will reply to you here within 24 hours.']);
  });
});

describe('the follow-up step', () => {
  it('puts what the customer writes into the thread, acknowledges once, and never reads it as an answer', () => {
    const chat = detractorAtContact();
    chat.press('yes');
    const first = chat.say('Also the invoice is wrong');
    expect(first.effects).toEqual([{ type: 'followUpReply', text: 'Also the invoice is wrong' }]);
    expect(keys(first)).toEqual(['followUpAcknowledged']);
    const second = chat.say('9');
    expect(second.effects).toEqual([{ type: 'followUpReply', text: '9' }]);
    expect(second.messages).toEqual([]);
    expect(chat.state.answers.score).toBe(2);
    expect(chat.state.step).toBe('followUp');
    // An old survey button is not a new answer either.
    expect(keys(chat.press(5))).toEqual(['alreadyDone']);
  });

  it("shows an agent's reply as theirs, in any step, changing nothing else", () => {
    const chat = detractorAtContact();
    chat.press('yes');
    const before = chat.state;
    const reply = chat.send({ kind: 'agentReply', author: 'Ana', text: 'So sorry, a refund is on its way.' });
    expect(reply.messages).toEqual([
      { key: 'agentReply', text: 'So sorry, a refund is on its way.', expects: 'none', from: 'agent', author: 'Ana' },
    ]);
    expect(reply.effects).toEqual([]);
    expect(chat.state).toEqual(before);
  });

  it('still obeys "stop" and "restart"', () => {
    const chat = detractorAtContact();
    chat.press('yes');
    expect(keys(chat.say('restart'))).toEqual(['restarted', 'scoreQuestion']);
    expect(chat.state.step).toBe('score');
  });

  it('declining contact opens nothing and promises nothing', () => {
    const chat = detractorAtContact();
    const declined = chat.press('no');
    expect(declined.effects.map((effect) => effect.type)).toEqual(['complete']);
    expect(chat.state.step).toBe('done');
  });
});

describe('the survey file opening follow-ups by score', () => {
  it('offers contact to a passive at or below the score, with consent', () => {
    const survey = testSurvey({ escalation: { promiseHours: 8, openAtOrBelow: 7 } });
    const chat = simulateConversation({ survey });
    chat.say('7');
    expect(keys(chat.say('Fine I guess'))).toEqual(['contactQuestion']);
    const yes = chat.press('yes');
    expect(yes.effects).toContainEqual({ type: 'openFollowUp', consented: true, contact: null });
    expect(texts(yes)).toEqual(['Thank you. Someone from our team will reply to you here within 8 hours.']);

    const other = simulateConversation({ survey });
    other.say('7');
    other.say('ok');
    expect(keys(other.press('no'))).toEqual(['passiveThanks']);
    expect(other.state.step).toBe('done');
  });

  it('opens one without asking, and promises nothing, when consent is not needed', () => {
    const survey = testSurvey({ escalation: { promiseHours: 24, openAtOrBelow: 8, withoutConsent: true } });
    const chat = simulateConversation({ survey });
    chat.say('8');
    const end = chat.say('Could be faster');
    expect(keys(end)).toEqual(['passiveThanks']);
    expect(end.effects).toContainEqual({ type: 'openFollowUp', consented: false, contact: null });
    expect(chat.state.step).toBe('followUp');
    expect(keys(chat.say('One more thing'))).toEqual(['followUpPassedOn']);

    const detractor = simulateConversation({ survey });
    detractor.say('1');
    detractor.say('bad');
    detractor.press('price');
    const declined = detractor.press('no');
    expect(keys(declined)).toEqual(['detractorThanks']);
    expect(declined.effects).toContainEqual({ type: 'openFollowUp', consented: false, contact: null });

    const promoter = simulateConversation({ survey });
    promoter.say('10');
    const thanked = promoter.say('love it');
    expect(thanked.effects.some((effect) => effect.type === 'openFollowUp')).toBe(false);
  });

  it('refuses withoutConsent without a score', () => {
    expect(() => testSurvey({ escalation: { promiseHours: 24, withoutConsent: true } })).toThrow(/openAtOrBelow/);
  });
});

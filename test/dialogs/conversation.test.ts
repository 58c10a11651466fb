/**
 * Whole conversations through the pure dialog (see docs/conversation.md), one branch per test, from the
 * greeting to the end: what the bot says (keys, texts, choices, expectations), which effects
 * it asks for, and where the state ends up.
 */
import { describe, expect, it } from 'vitest';
import { testSurvey } from '../support/survey.js';
import { keys, simulateConversation, texts } from './simulated-conversation.js';

const bandOf = (n: number) => (n >= 9 ? 'promoter' : n >= 7 ? 'passive' : 'detractor');
const SCORES = Array.from({ length: 11 }, (_, n) => ({ label: String(n), value: String(n), category: bandOf(n) }));

describe('the start', () => {
  it('greets and asks the recommendation question with 11 buttons and the ends labelled', () => {
    const { start } = simulateConversation();
    expect(start.effects).toEqual([]);
    expect(start.messages).toEqual([
      { key: 'greetingAnonymous', text: 'Hi there!', expects: 'none' },
      {
        key: 'scoreQuestion',
        text: 'How likely are you to recommend Acme to a friend or colleague?',
        choices: SCORES,
        expects: 'score',
        scale: { low: 'Not at all likely', high: 'Extremely likely' },
      },
    ]);
    expect(start.state).toMatchObject({ step: 'score', ending: null, failedTries: 0, startedBy: 'user' });
  });

  it('greets by name where the channel knows it, in each locale', () => {
    expect(texts(simulateConversation({ userName: 'Ada' }).start)[0]).toBe('Hi Ada!');
    expect(texts(simulateConversation({ userName: '小明', locale: 'zh-CN' }).start)[0]).toBe('小明，您好！');
    expect(texts(simulateConversation({ userName: '小華', locale: 'zh-TW' }).start)[0]).toBe('小華，您好！');
  });
});

describe('promoter', () => {
  it('records the score at once, asks what they value, then gives a code, the review and the referral links', () => {
    const chat = simulateConversation();
    const scored = chat.say('10/10');
    expect(scored.effects).toEqual([{ type: 'recordScore', score: 10, category: 'promoter' }]);
    expect(scored.messages).toEqual([
      {
        key: 'reasonPromoter',
        text: 'Wonderful, thank you! What do you value most about Acme? (Type "skip" to skip this question.)',
        expects: 'text',
      },
    ]);
    expect(chat.state).toMatchObject({ step: 'reason', answeredAt: chat.clock.now, answers: { score: 10 } });

    chat.clock.advanceHours(0.1);
    const reason = chat.say('  The support team  ');
    expect(reason.effects).toEqual([{ type: 'recordReason', reason: 'The support team' }, { type: 'issueReward' }]);
    expect(reason.messages).toEqual([]);
    expect(chat.state.step).toBe('reward');

    const rewarded = chat.send({ kind: 'rewardIssued', code: 'ACME-THANKS-0001', exhausted: false });
    expect(keys(rewarded)).toEqual(['promoterThanks', 'rewardCode', 'reviewInvite', 'referralInvite']);
    expect(texts(rewarded)).toEqual([
      'Thank you for being a fan of Acme!',
      'As a thank-you, here is your reward code: ACME-THANKS-0001',
      'If you have a minute, a review helps others find us: https://reviews.example.com/acme',
      'Know someone who would like Acme? Share your referral link: https://acme.example.com/refer',
    ]);
    expect(rewarded.messages.every((m) => m.expects === 'none')).toBe(true);
    expect(rewarded.effects).toEqual([{ type: 'complete', ending: 'completed' }]);
    expect(chat.state).toMatchObject({
      step: 'done',
      ending: 'completed',
      completedAt: chat.clock.now,
      answers: { score: 10, category: 'promoter', reason: 'The support team', reward: 'ACME-THANKS-0001' },
    });
  });

  it('says sorry, and still thanks and links, when the pool of codes is exhausted', () => {
    const chat = simulateConversation();
    chat.say('9');
    chat.say('skip');
    const rewarded = chat.send({ kind: 'rewardIssued', code: null, exhausted: true });
    expect(keys(rewarded)).toEqual(['promoterThanks', 'rewardExhausted', 'reviewInvite', 'referralInvite']);
    expect(chat.state).toMatchObject({ ending: 'completed', answers: { reason: null, reward: null } });
  });

  it('asks for no code when the survey has none, and shows only the links it has', () => {
    const chat = simulateConversation({
      survey: testSurvey({ reward: { referralUrl: 'https://acme.example.com/r' } }),
    });
    chat.say('nine');
    const end = chat.say('price');
    expect(end.effects).toEqual([
      { type: 'recordReason', reason: 'price' },
      { type: 'complete', ending: 'completed' },
    ]);
    expect(keys(end)).toEqual(['promoterThanks', 'referralInvite']);
  });
});

describe('passive', () => {
  it('asks what would make it a 10, thanks and says what happens with the feedback', () => {
    const chat = simulateConversation();
    const scored = chat.press(7);
    expect(scored.effects).toEqual([{ type: 'recordScore', score: 7, category: 'passive' }]);
    expect(keys(scored)).toEqual(['reasonPassive']);
    const end = chat.say('Faster exports');
    expect(end.messages).toEqual([
      {
        key: 'passiveThanks',
        text: 'Thanks for your feedback! Our team reads every answer and uses it to decide what to improve next.',
        expects: 'none',
      },
    ]);
    expect(end.effects).toEqual([
      { type: 'recordReason', reason: 'Faster exports' },
      { type: 'complete', ending: 'completed' },
    ]);
    expect(chat.state).toMatchObject({ step: 'done', ending: 'completed', answers: { category: 'passive' } });
  });

  it('invites a review from passives and detractors only when reviewAudience is "everyone"', () => {
    const everyone = testSurvey({ reward: { reviewUrl: 'https://reviews.example.com/x', reviewAudience: 'everyone' } });
    const passive = simulateConversation({ survey: everyone });
    passive.say('8');
    expect(keys(passive.say('fine'))).toEqual(['passiveThanks', 'reviewInvite']);

    const detractor = simulateConversation({ survey: everyone });
    detractor.say('4');
    detractor.say('slow');
    detractor.press('reliability');
    expect(keys(detractor.press('no'))).toEqual(['detractorThanks', 'reviewInvite']);
  });
});

describe('detractor', () => {
  it('asks what went wrong, which area, and offers contact; "yes" raises an escalation with the promise', () => {
    const chat = simulateConversation({ survey: testSurvey({ escalation: { promiseHours: 4 } }) });
    const scored = chat.say("I'd give it a 3");
    expect(scored.effects).toEqual([{ type: 'recordScore', score: 3, category: 'detractor' }]);
    expect(texts(scored)).toEqual(['We\'re sorry to hear that. What went wrong? (Type "skip" to skip this question.)']);

    const reason = chat.say('Nobody answered my ticket');
    expect(reason.effects).toEqual([{ type: 'recordReason', reason: 'Nobody answered my ticket' }]);
    expect(reason.messages).toEqual([
      {
        key: 'areaQuestion',
        text: 'Which area caused the problem?',
        choices: [
          { label: 'Product', value: 'product' },
          { label: 'Service', value: 'service' },
          { label: 'Price', value: 'price' },
          { label: 'Reliability', value: 'reliability' },
          { label: 'Something else', value: 'other' },
        ],
        expects: 'choice',
      },
    ]);

    const area = chat.press('service');
    expect(area.effects).toEqual([{ type: 'recordArea', area: 'service' }]);
    expect(area.messages).toEqual([
      {
        key: 'contactQuestion',
        text: 'Would you like someone from Acme to contact you about this?',
        choices: [
          { label: 'Yes', value: 'yes' },
          { label: 'No', value: 'no' },
        ],
        expects: 'choice',
      },
    ]);

    const contact = chat.press('yes');
    expect(contact.effects).toEqual([{ type: 'raiseEscalation' }, { type: 'complete', ending: 'completed' }]);
    expect(texts(contact)).toEqual(['Thank you. Someone from our team will get back to you within 4 hours.']);
    expect(chat.state).toMatchObject({
      step: 'done',
      ending: 'completed',
      answers: { score: 3, category: 'detractor', area: 'service', contact: true },
    });
  });

  it('thanks without an escalation when contact is declined in words', () => {
    const chat = simulateConversation();
    chat.say('0');
    chat.say('It crashed');
    expect(keys(chat.say('Reliability.'))).toEqual(['contactQuestion']);
    const contact = chat.say('No thanks');
    expect(contact.effects).toEqual([{ type: 'complete', ending: 'completed' }]);
    expect(keys(contact)).toEqual(['detractorThanks']);
    expect(chat.state.answers).toMatchObject({ area: 'reliability', contact: false });
  });

  it('records a reason that starts with a number as the reason, not as a new score', () => {
    const chat = simulateConversation();
    chat.say('5');
    const reason = chat.say('10 minutes too slow');
    expect(reason.effects).toEqual([{ type: 'recordReason', reason: '10 minutes too slow' }]);
    expect(chat.state.answers).toMatchObject({ score: 5, category: 'detractor', reason: '10 minutes too slow' });
    expect(chat.state.step).toBe('area');
  });

  it('lets reason and area be skipped, and records them as empty', () => {
    const chat = simulateConversation();
    chat.say('2');
    const noReason = chat.say('skip');
    expect(noReason.effects).toEqual([{ type: 'recordReason', reason: null }]);
    expect(keys(noReason)).toEqual(['areaQuestion']);
    const noArea = chat.say('Skip!');
    expect(noArea.effects).toEqual([{ type: 'recordArea', area: null }]);
    expect(keys(noArea)).toEqual(['contactQuestion']);
    chat.press('no');
    expect(chat.state.answers).toMatchObject({ reason: null, area: null, contact: false });
  });
});

describe('Chinese', () => {
  it('runs a detractor conversation in Simplified Chinese, typed', () => {
    const chat = simulateConversation({ locale: 'zh-CN', survey: testSurvey({ escalation: { promiseHours: 48 } }) });
    expect(texts(chat.start)).toEqual(['您好！', '您有多大可能向朋友或同事推荐Acme？']);
    expect(chat.start.messages[1]?.scale).toEqual({ low: '完全不可能', high: '非常可能' });
    expect(texts(chat.say('我给三分'))).toEqual(['很抱歉听到这个。哪里出了问题？（输入“跳过”可跳过此问题。）']);
    const area = chat.say('客服太慢');
    expect(area.messages[0]?.choices?.map((c) => c.label)).toEqual(['产品', '服务', '价格', '稳定性', '其他']);
    expect(chat.say('服务').effects).toEqual([{ type: 'recordArea', area: 'service' }]);
    const contact = chat.say('好的');
    expect(contact.effects[0]).toEqual({ type: 'raiseEscalation' });
    expect(texts(contact)).toEqual(['谢谢您。我们的团队会在 48 小时内联系您。']);
  });

  it('runs promoter and passive conversations in Traditional Chinese', () => {
    const promoter = simulateConversation({ locale: 'zh-TW' });
    expect(texts(promoter.say('滿分'))).toEqual([
      '太好了，謝謝您！您最看重Acme的哪一點？（輸入「跳過」可跳過此問題。）',
    ]);
    promoter.say('跳過');
    const rewarded = promoter.send({ kind: 'rewardIssued', code: 'C-1', exhausted: false });
    expect(texts(rewarded).slice(0, 2)).toEqual(['感謝您對Acme的支持！', '這是送給您的獎勵碼：C-1']);

    const passive = simulateConversation({ locale: 'zh-TW' });
    expect(keys(passive.say('７分'))).toEqual(['reasonPassive']);
    expect(texts(passive.say('價格再低一點'))).toEqual([
      '感謝您的回饋！我們的團隊會閱讀每一則回答，並據此決定下一步改進什麼。',
    ]);
  });

  it('follows the channel when the locale changes between turns', () => {
    const chat = simulateConversation();
    chat.say('6');
    chat.context.locale = 'zh-TW';
    expect(texts(chat.say('太貴了'))).toEqual(['問題主要出在哪個方面？']);
    expect(chat.state.locale).toBe('zh-TW');
  });
});

describe('the survey file shapes the conversation', () => {
  it('uses the brand, per-locale text overrides, custom areas and score bands', () => {
    const survey = testSurvey({
      brand: 'Globex',
      texts: {
        en: { scoreQuestion: 'Would you recommend {brand} to a teammate?' },
        'zh-CN': { scoreQuestion: '您会向同事推荐{brand}吗？' },
      },
      detractorAreas: [{ id: 'billing', label: { en: 'Billing', 'zh-CN': '账单' } }, 'product', 'onboarding'],
      scoreBands: { detractor: [0, 5], passive: [6, 8], promoter: [9, 10] },
    });
    const en = simulateConversation({ survey });
    expect(texts(en.start)[1]).toBe('Would you recommend Globex to a teammate?');
    // The score buttons carry the survey's own bands, so no channel has to know the cut-offs.
    const bands = en.start.messages[1]?.choices?.map((choice) => choice.category);
    expect(bands?.slice(5, 10)).toEqual(['detractor', 'passive', 'passive', 'passive', 'promoter']);
    expect(en.say('6').effects).toEqual([{ type: 'recordScore', score: 6, category: 'passive' }]);

    const zh = simulateConversation({ survey, locale: 'zh-CN' });
    expect(texts(zh.start)[1]).toBe('您会向同事推荐Globex吗？');
    zh.say('5');
    expect(zh.say('跳过').messages[0]?.choices).toEqual([
      { label: '账单', value: 'billing' },
      { label: '产品', value: 'product' },
      { label: 'onboarding', value: 'onboarding' },
    ]);
    expect(zh.say('账单').effects).toEqual([{ type: 'recordArea', area: 'billing' }]);

    const tw = simulateConversation({ survey, locale: 'zh-TW' });
    expect(texts(tw.start)[1]).toBe('您有多大可能向朋友或同事推薦Globex？');
    tw.say('1');
    expect(tw.say('跳過').messages[0]?.choices?.[0]).toEqual({ label: 'Billing', value: 'billing' });
  });
});

describe('the stored state', () => {
  // Stored conversations outlive a deploy: whatever the step, the JSON keeps the shape of schema 1.
  const SCHEMA_1_FIELDS = [
    'answeredAt',
    'answers',
    'completedAt',
    'ending',
    'failedTries',
    'lastActivityAt',
    'locale',
    'reminderSent',
    'schema',
    'startedAt',
    'startedBy',
    'step',
    'surveyId',
    'userName',
  ];
  const ANSWER_FIELDS = ['area', 'category', 'contact', 'reason', 'reward', 'score'];

  it('has the same fields at every step', () => {
    const chat = simulateConversation();
    const states = [chat.state];
    for (const answer of ['3', 'slow', 'price', 'yes']) states.push(chat.say(answer).state);
    expect(states.map((state) => state.step)).toEqual(['score', 'reason', 'area', 'contact', 'done']);
    for (const state of states) {
      expect(Object.keys(state).sort()).toEqual(SCHEMA_1_FIELDS);
      expect(Object.keys(state.answers).sort()).toEqual(ANSWER_FIELDS);
    }
  });
});

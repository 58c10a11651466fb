/**
 * The confirm step (docs/conversation.md): an unsure answer is never recorded; the bot names
 * its guess with the 0–10 buttons, so one tap — or a typed "yes" — confirms it.
 */
import { describe, expect, it } from 'vitest';
import { keys, simulateConversation, texts } from './simulated-conversation.js';

describe('confirming an unsure score', () => {
  it.each([
    ['en', '3?', 'Did you mean 3 out of 10? Tap it below to confirm, or pick another number from 0 to 10.'],
    ['zh-CN', '7分？', '您是想打7分吗？点下面的分数确认，或选择 0 到 10 之间的另一个分数。'],
    ['zh-TW', '大概8分', '您是想打8分嗎？點下面的分數確認，或選擇 0 到 10 之間的另一個分數。'],
  ] as const)('in %s: %j is asked about, naming the guess, with the buttons', (locale, typed, asked) => {
    const chat = simulateConversation({ locale });
    const unsure = chat.say(typed);
    expect(unsure.effects).toEqual([]);
    expect(keys(unsure)).toEqual(['confirmGuess']);
    expect(texts(unsure)).toEqual([asked]);
    expect(unsure.messages[0]?.choices).toHaveLength(11);
    expect(unsure.messages[0]?.expects).toBe('score');
    expect(chat.state).toMatchObject({ step: 'score', answers: { score: null } });
  });

  it('records the guess with one tap on its button', () => {
    const chat = simulateConversation();
    chat.say('maybe 7');
    const tapped = chat.send({ kind: 'choice', value: '7' });
    expect(tapped.effects).toEqual([{ type: 'recordScore', score: 7, category: 'passive' }]);
    expect(chat.state.guess).toBeUndefined();
  });

  it.each(['yes', 'yep', '是的', '對'])('records the guess when the person types %j', (yes) => {
    const chat = simulateConversation();
    chat.say('8ish');
    expect(chat.send({ kind: 'text', text: yes }).effects).toEqual([
      { type: 'recordScore', score: 8, category: 'passive' },
    ]);
  });

  it('asks for the number, and does not end the survey, when the person says no to the guess', () => {
    const chat = simulateConversation();
    chat.say('9?');
    const no = chat.say('no');
    expect(no.effects).toEqual([]);
    expect(keys(no)).toEqual(['invalidAmbiguous']);
    expect(chat.state).toMatchObject({ step: 'score', ending: null });
    expect(chat.say('6').effects).toEqual([{ type: 'recordScore', score: 6, category: 'detractor' }]);
  });

  it('takes another clear score instead of the guess', () => {
    const chat = simulateConversation();
    chat.say('around 5');
    expect(chat.say('4').effects).toEqual([{ type: 'recordScore', score: 4, category: 'detractor' }]);
  });

  it('forgets the guess after the next answer: a later "yes" is not a score', () => {
    const chat = simulateConversation();
    chat.say('7?');
    chat.say('great app');
    expect(chat.say('yes').effects).toEqual([]);
    expect(chat.state.answers.score).toBeNull();
  });

  it('counts an unsure answer as a try: three of them end the survey without a score', () => {
    const chat = simulateConversation();
    chat.say('3?');
    chat.say('maybe 4');
    const third = chat.say('5ish');
    expect(keys(third)).toEqual(['gaveUp']);
    expect(third.effects).toEqual([]);
    expect(chat.state).toMatchObject({ step: 'done', ending: 'gave_up', answers: { score: null } });
  });
});

/**
 * The one text limit (dialogs/text-limit.ts, docs/conversation.md): text over MAX_TEXT_LENGTH
 * is cut before anything reads it, refused as a score and kept, cut, as a reason.
 */
import { describe, expect, it } from 'vitest';
import {
  cutToTextLimit,
  type DialogContext,
  MAX_TEXT_LENGTH,
  parseScore,
  type ScoreReader,
  startSurvey,
  startSurveyFrom,
  textInput,
  transition,
} from '../../dialogs/index.js';
import { testSurvey } from '../support/survey.js';

const survey = testSurvey();

/** A context whose score reader notes the longest text it was handed. */
function watched(): { context: DialogContext; longest: () => number } {
  let longest = 0;
  const readScore: ScoreReader = (text) => {
    longest = Math.max(longest, text.length);
    return parseScore(text);
  };
  return { context: { now: 0, locale: 'en', readScore }, longest: () => longest };
}

describe('cutting text to the limit', () => {
  it('keeps text within the limit as it is', () => {
    const exactly = 'x'.repeat(MAX_TEXT_LENGTH);
    expect(cutToTextLimit(exactly)).toBe(exactly);
    expect(textInput(exactly)).toEqual({ kind: 'text', text: exactly });
  });

  it('cuts longer text to the limit and marks it cut', () => {
    expect(textInput('y'.repeat(MAX_TEXT_LENGTH + 1))).toEqual({
      kind: 'text',
      text: 'y'.repeat(MAX_TEXT_LENGTH),
      cut: true,
    });
  });

  it('never leaves half of an emoji at the end', () => {
    const text = `${'a'.repeat(MAX_TEXT_LENGTH - 1)}😀 and more`;
    const cut = cutToTextLimit(text);
    expect(cut).toBe('a'.repeat(MAX_TEXT_LENGTH - 1));
    expect(cut).not.toMatch(/[\uD800-\uDBFF]$/);
  });
});

describe('a message over the limit', () => {
  const huge = `9 ${'because the onboarding was slow '.repeat(7_813)}`;

  it('is refused as a score, even when it starts with one, and the reader never sees past the limit', () => {
    const { context, longest } = watched();
    const asked = startSurvey(survey, context, 'bot');
    const next = transition(asked.state, { kind: 'text', text: huge }, survey, context);
    expect(huge.length).toBeGreaterThan(250_000);
    expect(next.effects).toEqual([]);
    expect(next.messages.map((m) => m.key)).toEqual(['invalidTooLong']);
    expect(next.messages[0]?.choices).toHaveLength(11);
    expect(next.state).toMatchObject({ step: 'score', failedTries: 1, answers: { score: null } });
    expect(longest()).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
  });

  it('is kept, cut to the limit, as the reason', () => {
    const { context, longest } = watched();
    const asked = startSurvey(survey, context, 'bot');
    const scored = transition(asked.state, { kind: 'text', text: '7' }, survey, context);
    const reason = transition(scored.state, { kind: 'text', text: huge }, survey, context);
    const recorded = reason.effects.find((effect) => effect.type === 'recordReason');
    expect(recorded).toEqual({ type: 'recordReason', reason: huge.slice(0, MAX_TEXT_LENGTH).trim() });
    expect(reason.state.answers.reason).toHaveLength(MAX_TEXT_LENGTH);
    expect(longest()).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
  });

  it('as a first message is not taken as the answer: the greeting and the question instead', () => {
    const { context, longest } = watched();
    const started = startSurveyFrom(survey, context, huge);
    expect(started.messages.map((m) => m.key)).toEqual(['greetingAnonymous', 'scoreQuestion']);
    expect(started.effects).toEqual([]);
    expect(longest()).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
  });

  it('is refused as a score in every locale, in its words', () => {
    for (const [locale, words] of [
      ['zh-CN', '这条消息太长了'],
      ['zh-TW', '這則訊息太長了'],
    ] as const) {
      const context: DialogContext = { now: 0, locale };
      const asked = startSurvey(survey, context, 'bot');
      const next = transition(asked.state, textInput(huge), survey, context);
      expect(next.messages[0]?.text).toContain(words);
    }
  });
});

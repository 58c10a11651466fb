/**
 * The labelled table of typed answers to the score question: what people type in a chat and
 * what a careful person reading it would do — take the score, or ask (a re-prompt or a guess
 * to confirm, never recording it). `npm run bench:scores` and test/dialogs/score-parser.test.ts
 * both read it.
 */
import type { Locale } from '../../dialogs/index.js';
import { ENGLISH } from './score-answers-en.js';
import { SIMPLIFIED, TRADITIONAL } from './score-answers-zh.js';

/** A score to record, or 'ask': anything but recording a score. */
export type Expected = number | 'ask';
export interface AnswerGroup {
  kind: string;
  rows: readonly (readonly [typed: string, expected: Expected])[];
}
export interface LabelledAnswer {
  typed: string;
  expected: Expected;
  locale: Locale;
  kind: string;
}

const flatten = (locale: Locale, groups: readonly AnswerGroup[]): LabelledAnswer[] =>
  groups.flatMap(({ kind, rows }) => rows.map(([typed, expected]) => ({ typed, expected, locale, kind })));

export const LABELLED_ANSWERS: readonly LabelledAnswer[] = [
  ...flatten('en', ENGLISH),
  ...flatten('zh-CN', SIMPLIFIED),
  ...flatten('zh-TW', TRADITIONAL),
];

/**
 * What a rule says about a number, and the labels it can give. A rule is one row of a table
 * (dialogs/score/rules.ts, rules-not-scores.ts), in English or Chinese, and says what a number
 * is when the text beside it looks a certain way. A number can carry
 * several labels; dialogs/score/decide.ts turns the labels into a reading.
 *
 *  not_number   not a number at all ("一般", "十分满意" = very satisfied, "no one")
 *  other        a number that is not a score: a count, a time, a date, a version, money
 *  deduction    points taken off ("扣两分")
 *  negated      a score the person says they are not giving ("not a 10", "给不了满分")
 *  past         a score from before ("was a 9 before the price rise", "去年6分")
 *  what_if      a score under a condition ("would be 8 if it were cheaper", "便宜点的话给9分")
 *  corrected    a slip the person corrects ("9, no wait, 8"): set by decide.ts, which sees pairs
 *  hedged       a score the person is unsure of ("3?", "maybe 7", "8分左右"): confirm it
 *  bound        a comparison, not a value ("more than 8", "7分以上")
 *  stars        a star rating ("4 stars", "五星"): not this scale
 *  other_scale  the answer is on another scale ("4/5", "满分5分"): every number in it is
 *  half         a half point ("eight and a half", "八分半", ".5")
 *  minus        a sign in words or before the digits ("negative 5", "负一", "-1")
 *  strong       plainly given as the score ("8分", "I'd give it 7", "Score - 7", "…, 9")
 */
import type { Candidate, NumberForm } from './candidates.js';

export type Label =
  | 'not_number'
  | 'other'
  | 'deduction'
  | 'negated'
  | 'what_if'
  | 'past'
  | 'corrected'
  | 'hedged'
  | 'bound'
  | 'stars'
  | 'other_scale'
  | 'half'
  | 'minus'
  | 'strong';

export interface Rule {
  label: Label;
  /** Why, in a few words: shown by explainScore. */
  why: string;
  form?: NumberForm;
  written?: RegExp;
  before?: RegExp;
  after?: RegExp;
  /** For the few rules a pattern cannot say. */
  test?: (candidate: Candidate) => boolean;
}

export function matches(rule: Rule, candidate: Candidate): boolean {
  if (rule.form && rule.form !== candidate.form) return false;
  if (rule.written && !rule.written.test(candidate.written)) return false;
  if (rule.before && !rule.before.test(candidate.before)) return false;
  if (rule.after && !rule.after.test(candidate.after)) return false;
  return rule.test ? rule.test(candidate) : true;
}

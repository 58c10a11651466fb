/**
 * Understands a 0–10 score typed the way a person would type it, in English or Chinese:
 * "9", "9/10", "I'd give it a 9", "nine", "九分", "十", "９", "9️⃣", "满分10分我打8分".
 *
 * The reader finds every number in the answer, labels what each one is — the score, the scale,
 * a count, a time, a version, a what-if, a corrected slip, a hedge — by the rules in
 * dialogs/score/rules.ts, and decides: a score it is sure of, a guess the person must confirm
 * ("3?" → "Did you mean 3 out of 10?"), or a refusal whose reason picks the re-prompt. Every
 * rule looks at a bounded neighbourhood of its number, so the cost is linear in the text.
 */
import { findCandidates, MAX_NUMBERS } from './score/candidates.js';
import { decide, type Labelled, type ScoreReading } from './score/decide.js';
import { normalise, setScaleAside } from './score/normalise.js';
import { labelsOf } from './score/rules.js';

export type { ScoreReading, ScoreRefusal } from './score/decide.js';
export type ScoreReader = (text: string) => ScoreReading;

/** Words that say "full marks" without a number, and the same words negated ("不会给满分"). */
const FULL_MARKS = /满分|滿分|full marks|\bperfect score\b/;
const NEGATED_FULL_MARKS =
  /(?:不|没|沒|未)[^，,。！!？?\s]{0,3}(?:满分|滿分)|(?:满分|滿分)[^，,。！!？?\s]{0,2}(?:不|没|沒)|\b(?:not|no|never|isn't|can't)\b.{0,10}(?:full marks|perfect score)/;

/** Every number in the answer with what it was taken for, for tests and the accuracy benchmark. */
export function explainScore(text: string): { reading: ScoreReading; numbers: Labelled[] } {
  const reading = setScaleAside(normalise(text));
  const found = findCandidates(reading);
  if (found.length > MAX_NUMBERS) return { reading: { ok: false, reason: 'ambiguous' }, numbers: [] };
  const numbers = found.map((candidate) => ({ ...candidate, ...labelsOf(candidate) }));
  const fullMarks = FULL_MARKS.test(reading) && !NEGATED_FULL_MARKS.test(reading);
  return { reading: decide(numbers, reading, fullMarks), numbers };
}

/** A score button's value, or a score typed as a bare number: nothing to weigh, so nothing is weighed. */
const BARE_SCORE = /^(?:10|[0-9])$/;

export function parseScore(text: string): ScoreReading {
  if (BARE_SCORE.test(text)) return { ok: true, score: Number(text) };
  return explainScore(text).reading;
}

/**
 * From labelled numbers to a reading: a score it is sure of, a guess to confirm, or a refusal
 * with its reason. Two rules look at neighbouring numbers rather than one: a correction
 * ("9, no wait, 8": the later one stands) and alternatives ("7 or 8", "7-8": which one?).
 */
import type { Candidate } from './candidates.js';
import type { Label } from './label.js';

export type ScoreRefusal = 'no_number' | 'ambiguous' | 'not_whole' | 'out_of_range' | 'unsure';
export type ScoreReading =
  | { ok: true; score: number }
  | { ok: false; reason: Exclude<ScoreRefusal, 'unsure'> }
  /** A likely score the person must confirm: never recorded as it is. */
  | { ok: false; reason: 'unsure'; guess: number };

export interface Labelled extends Candidate {
  labels: Set<Label>;
  why: string[];
}

const CORRECTION =
  /(?:\bno\b|\bnope\b|\bwait\b|\bsorry\b|\bi mean\b|\bi meant\b|\bactually\b|\bscratch that\b|\bcorrection\b|\boops\b|\bmake (?:it|that)\b|\bchange (?:it|that)\b|\bon second thought|\bmore like\b|\brather\b|\bthinking about it\b|\blet's say\b|\blets say\b|\bsay\b|\bcall it\b|\bfinal answer\b|\bi'll go with\b|\bgo with\b|\byes\b|不对|不對|不是|哦不|呃不|不，|不,|改成|改为|改為|更正|说错|說錯|应该是|應該是|打错|打錯|算了)/;
const ALTERNATIVE =
  /^[\s\uE000]*(?:分|points?)? ?(?:or|to|-|~|\/|或|或者|还是|還是|到|至|、|and|&|\sor\s)? ?(?:a |an |maybe |possibly |perhaps |maybe a )?$/;
/** "5, 6": a comma between two bare numbers; "8/10, 1 minor bug" is a score and a count. */
const LISTED = /^[\s\uE000]*[,，]\s?(?:maybe |possibly |perhaps |or )?(?:a |an )?$/;
const bare = (n: Labelled) => /^[\s\uE000]*(?:分)?\s*(?:$|[,.!?;)，。！？])/.test(n.after);
const SET_ASIDE: readonly Label[] = ['not_number', 'other', 'deduction', 'corrected'];

const notGiven = (n: Labelled) => n.labels.has('negated') || n.labels.has('what_if') || n.labels.has('past');

/** Marks the earlier of two numbers a later one corrects, and numbers offered as alternatives. */
function pairUp(numbers: Labelled[], text: string): void {
  for (let i = 1; i < numbers.length; i++) {
    const earlier = numbers[i - 1] as Labelled;
    const later = numbers[i] as Labelled;
    if (later.at - earlier.end > 40) continue;
    const between = text.slice(earlier.end, later.at);
    if (CORRECTION.test(between)) {
      // Everything said before the correction is replaced by it.
      for (const slip of numbers.slice(0, i)) {
        slip.labels.add('corrected');
        slip.why.push('corrected: by a later number');
      }
      // What a person corrects to is what they mean.
      later.labels.add('strong');
    } else if (
      (ALTERNATIVE.test(between) || (LISTED.test(between) && bare(later))) &&
      earlier.value !== later.value &&
      ![earlier, later].some((n) => notGiven(n) || n.labels.has('stars'))
    ) {
      for (const one of [earlier, later]) {
        one.labels.add('bound');
        one.why.push('bound: one of two alternatives');
      }
    }
  }
}

/** The numbers that could be the score, most telling first: given, then strong, then the rest. */
function given(numbers: Labelled[]): Labelled[] {
  const asked = numbers.filter((n) => !notGiven(n));
  const inRange = asked.filter((n) => n.value >= 0 && n.value <= 10);
  // A number far outside the scale beside one on it ("15 years, 9") is not the answer.
  const sized = inRange.length > 0 && inRange.length < asked.length ? inRange : asked;
  // Stars beside a score on this scale ("2 stars in the store, here a 6") are another rating.
  const unstarred = sized.filter((n) => !n.labels.has('stars'));
  const pool = unstarred.length > 0 ? unstarred : sized;
  // "one" in passing is a pronoun more often than a score; said plainly ("one.", "give it one") it counts.
  return pool.filter((n) => !(n.form === 'word' && n.value === 1 && !n.labels.has('strong') && pool.length > 1));
}

export function decide(numbers: Labelled[], text: string, fullMarks: boolean): ScoreReading {
  const setAside = (n: Labelled) => SET_ASIDE.some((label) => n.labels.has(label));
  const numberLike = numbers.filter((n) => !n.labels.has('not_number'));
  pairUp(
    numberLike.filter((n) => !setAside(n)),
    text,
  );
  const scoreLike = numberLike.filter((n) => !setAside(n));
  // "4/5" or "满分5分给4分": the whole answer is on another scale.
  if (scoreLike.some((n) => n.labels.has('other_scale'))) return { ok: false, reason: 'ambiguous' };
  const candidates = given(scoreLike);
  if (candidates.length === 0) {
    // "not a 10" or "would be 8 if…" names a number without giving one.
    if (scoreLike.length > 0) return { ok: false, reason: 'ambiguous' };
    return fullMarks ? { ok: true, score: 10 } : { ok: false, reason: 'no_number' };
  }
  let values = new Set(candidates.map((n) => n.value));
  let chosen = candidates;
  let rivalled = false;
  if (values.size > 1) {
    const strong = candidates.filter((n) => n.labels.has('strong'));
    const strongValues = new Set(strong.map((n) => n.value));
    if (strongValues.size !== 1) return { ok: false, reason: 'ambiguous' };
    // Another number on the scale that nothing explains ("9 for the product, 6 for support"): ask.
    const unexplained = (n: Labelled) => [...n.labels].every((label) => label === 'hedged');
    rivalled = candidates.some((n) => !n.labels.has('strong') && unexplained(n) && n.value >= 0 && n.value <= 10);
    chosen = strong;
    values = strongValues;
  }
  // Beside numbers that are not scores, a number not plainly given as the score is only a guess.
  const plain = chosen.some((n) => n.labels.has('strong')) || !numberLike.some((n) => n.labels.has('other'));
  return readOne(chosen, [...values][0] as number, !plain || rivalled);
}

function readOne(numbers: Labelled[], value: number, unsure: boolean): ScoreReading {
  const has = (label: Label) => numbers.some((n) => n.labels.has(label));
  if (Number.isNaN(value) || has('bound') || has('stars')) return { ok: false, reason: 'ambiguous' };
  const signed = has('minus') ? -value : value;
  if (has('half') || !Number.isInteger(signed)) return { ok: false, reason: 'not_whole' };
  if (signed < 0 || signed > 10) {
    // "-0" is zero; never hand a negative zero to the store.
    if (signed === 0) return { ok: true, score: 0 };
    return { ok: false, reason: 'out_of_range' };
  }
  // "10? yes 10": the value said plainly once is not in doubt.
  const hedged = numbers.every((n) => n.labels.has('hedged'));
  if (hedged || unsure) return { ok: false, reason: 'unsure', guess: signed === 0 ? 0 : signed };
  return { ok: true, score: signed === 0 ? 0 : signed };
}

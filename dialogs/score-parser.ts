/**
 * Understands a 0–10 score typed the way a person would type it, in English or Chinese:
 * "9", "9/10", "I'd give it a 9", "nine", "九分", "十", "９", "9️⃣".
 * Anything that is not exactly one whole number from 0 to 10 is refused with a reason
 * the re-prompt can explain.
 *
 * The text is read as a person reads it: first the phrases that only state the scale
 * ("out of 10", "满分10分") are set aside, then every number is found with where it sits,
 * and numbers that are plainly not a score — a count of minutes or times, an ordinal
 * ("第一次"), "十分" meaning "very", a number the person says it is *not* — are discounted.
 * What remains must be one value.
 */
import { CHINESE_NUMERAL, CHINESE_NUMERAL_CHAR, chineseNumeralValue } from './chinese-numerals.js';

export type ScoreRefusal = 'no_number' | 'ambiguous' | 'not_whole' | 'out_of_range';
export type ScoreReading = { ok: true; score: number } | { ok: false; reason: ScoreRefusal };
export type ScoreReader = (text: string) => ScoreReading;

const ENGLISH_NUMBERS: Readonly<Record<string, number>> = {
  zero: 0,
  nought: 0,
  nil: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  fifty: 50,
  hundred: 100,
};

const KEYCAP_TEN = /\u{1F51F}/gu;
/** Keycap digits, one or several in a row: "9️⃣", and "1️⃣0️⃣" for ten. */
const KEYCAP_DIGITS = /(?:[0-9]\uFE0F?\u20E3)+/gu;

const TEN = String.raw`(?:10|ten)(?![\d.a-z])`;
/** Phrases that state the scale, not the answer. */
const SCALE_PHRASES: readonly RegExp[] = [
  new RegExp(String.raw`\s*\/\s*(?:${TEN}|十(?!分之))`, 'g'),
  new RegExp(String.raw`\s*(?:out\s+of|outta|of)\s+${TEN}`, 'g'),
  new RegExp(String.raw`(?:on\s+a\s+scale\s+)?(?:of|from)\s+(?:0|zero|1|one)\s*(?:-|to)\s*${TEN}`, 'g'),
  /(?:10|十)\s*分\s*制/g,
  // "十分之八" is "eight tenths": what is left after the scale is the score.
  /(?:10|十)\s*分\s*之/g,
];
/** "满分10分" states the scale when another number is the answer ("满分10分，我给8分"). */
const FULL_MARKS_SCALE = /[（(]?\s*(?:满分|滿分|總分|总分)\s*(?:10|十)\s*分?\s*[)）]?/g;

/** Words that say "full marks" without a number, and the same words negated ("不会给满分"). */
const FULL_MARKS = /满分|滿分|full\s+marks/;
const NEGATED_FULL_MARKS = /(?:不|没|沒|未)[^，,。！!？?\s]{0,3}(?:满分|滿分)|\bnot\b.{0,10}full\s+marks/;

// "no one", "anyone", "one of the best" use "one" as a pronoun, not a number.
const ONE_AS_PRONOUN = /\b(?:(?:no|any|every|some|the|this|that|which)\s+one|one\s+of)\b/g;

/** What follows a number that counts something else: "10 minutes", "3 times", "十分钟", "三次". */
const COUNT_UNIT =
  /^\s*(?:(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|yrs?|times|seconds?|secs?)\b|分钟|分鐘|小时|小時|钟头|鐘頭|天|次|周|週|星期|个月|個月|年|秒|遍|个|個|位|件)/;
const ORDINAL_SUFFIX = /^(?:st|nd|rd|th)\b/;
const ORDINAL_PREFIX = /第\s*$/;
/** "not a 10", "不是9分": the person names a score they are not giving. */
const NEGATION_BEFORE = /(?:\bnot\s+(?:a\s+|an\s+)?(?:perfect\s+)?|(?:不是|不到|没有|沒有)\s*)$/;
const MINUS_BEFORE = /(?:(?:^|[^\d\s零〇一二两兩三四五六七八九十百])\s*-|负|負|\bminus)\s*$/;
// 一 inside common words ("一般", "一点", "一直", "唯一") is not a number.
const ONE_IN_WORD_AFTER = /^[般点點直些樣样起定切下]/;
const ONE_IN_WORD_BEFORE = /[唯统統万萬]$/;
// "十分满意" is "very satisfied"; "十分" alone or before a particle ("十分吧") is ten points.
const TEN_AS_VERY = /^分[\u4e00-\u9fff]/;
const PARTICLE_AFTER_TEN_POINTS = /^分[吧啊呀啦哦喔了嘛呢]/;

interface Mention {
  value: number;
  /** The person says it is not their score ("not a 10"). */
  negated: boolean;
}

function normalise(text: string): string {
  return (
    text
      .normalize('NFKC') // full-width digits and letters become ASCII, "⑨" becomes "9"
      .replace(KEYCAP_TEN, ' 10 ')
      .replace(KEYCAP_DIGITS, (keycaps) => ` ${keycaps.replace(/[^0-9]/g, '')} `)
      .replace(/[\u2212\u2012\u2013\u2014]/g, '-')
      // One space for any run keeps every pattern's `\s*` to a step, whatever the text holds.
      .replace(/\s+/g, ' ')
      .toLowerCase()
  );
}

function hasNumber(text: string): boolean {
  return /\d/.test(text) || CHINESE_NUMERAL_CHAR.test(text);
}

function setScaleAside(text: string): string {
  let rest = text;
  for (const phrase of SCALE_PHRASES) rest = rest.replace(phrase, ' ');
  const withoutFullMarks = rest.replace(FULL_MARKS_SCALE, ' ');
  return hasNumber(withoutFullMarks) ? withoutFullMarks : rest;
}

/** A number's neighbourhood: the words that can change what it means are close to it. */
const NEIGHBOURHOOD = 24;
function surroundings(text: string, at: number, end: number): { before: string; after: string } {
  // A bounded look either side keeps the reading linear in the text, however many numbers it holds.
  return { before: text.slice(Math.max(0, at - NEIGHBOURHOOD), at), after: text.slice(end, end + NEIGHBOURHOOD) };
}

/** Reads one number found at [at, end) in its surroundings; undefined when it is not a score at all. */
function mention(text: string, at: number, end: number, value: number): Mention | undefined {
  const { before, after } = surroundings(text, at, end);
  if (COUNT_UNIT.test(after) || ORDINAL_SUFFIX.test(after) || ORDINAL_PREFIX.test(before)) return undefined;
  const signed = MINUS_BEFORE.test(before) ? -value : value;
  return { value: signed, negated: NEGATION_BEFORE.test(before) };
}

function digitMentions(text: string): { at: number; mention: Mention | undefined }[] {
  return [...text.matchAll(/\d+(?:\.\d+)?/g)].map((match) => {
    const at = match.index;
    return { at, mention: mention(text, at, at + match[0].length, Number(match[0])) };
  });
}

function wordMentions(text: string): { at: number; mention: Mention | undefined }[] {
  const readable = text.replace(ONE_AS_PRONOUN, (phrase) => ' '.repeat(phrase.length));
  return [...readable.matchAll(/[a-z]+/g)].flatMap((match) => {
    const value = ENGLISH_NUMBERS[match[0]];
    if (value === undefined) return [];
    return [{ at: match.index, mention: mention(text, match.index, match.index + match[0].length, value) }];
  });
}

function chineseMentions(text: string): { at: number; mention: Mention | undefined }[] {
  return [...text.matchAll(CHINESE_NUMERAL)].flatMap((match) => {
    const at = match.index;
    const numeral = match[0];
    const { before, after } = surroundings(text, at, at + numeral.length);
    if (numeral === '一' && (ONE_IN_WORD_AFTER.test(after) || ONE_IN_WORD_BEFORE.test(before))) return [];
    if (numeral === '十' && TEN_AS_VERY.test(after) && !PARTICLE_AFTER_TEN_POINTS.test(after)) return [];
    return [{ at, mention: mention(text, at, at + numeral.length, chineseNumeralValue(numeral)) }];
  });
}

/** Every number the text mentions as a possible score, in order of appearance. NaN marks an unreadable numeral. */
function mentionsIn(text: string): Mention[] {
  return [...digitMentions(text), ...wordMentions(text), ...chineseMentions(text)]
    .sort((a, b) => a.at - b.at)
    .flatMap(({ mention }) => (mention ? [mention] : []));
}

export function parseScore(text: string): ScoreReading {
  const reading = setScaleAside(normalise(text));
  // A fraction left after "/10" is set aside is a score on another scale ("4/5"): which number is meant?
  if (/\d\s*\/\s*\d/.test(reading)) return { ok: false, reason: 'ambiguous' };

  const mentions = mentionsIn(reading);
  const given = mentions.filter((m) => !m.negated);
  if (given.length === 0) {
    // "not a 10" names a number without giving one.
    if (mentions.length > 0) return { ok: false, reason: 'ambiguous' };
    if (FULL_MARKS.test(reading) && !NEGATED_FULL_MARKS.test(reading)) return { ok: true, score: 10 };
    return { ok: false, reason: 'no_number' };
  }
  const distinct = [...new Set(given.map((m) => m.value))];
  if (distinct.length > 1 || distinct.some(Number.isNaN)) return { ok: false, reason: 'ambiguous' };
  const value = distinct[0] as number;
  if (!Number.isInteger(value)) return { ok: false, reason: 'not_whole' };
  if (value < 0 || value > 10) return { ok: false, reason: 'out_of_range' };
  // "-0" is zero; never hand a negative zero to the store.
  return { ok: true, score: value === 0 ? 0 : value };
}

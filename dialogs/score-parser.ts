/**
 * Understands a 0–10 score typed the way a person would type it, in English or Chinese:
 * "9", "9/10", "I'd give it a 9", "nine", "九分", "十", "９", "9️⃣".
 * Anything that is not exactly one whole number from 0 to 10 is refused with a reason
 * the re-prompt can explain.
 */

export type ScoreRefusal = 'no_number' | 'ambiguous' | 'not_whole' | 'out_of_range';
export type ScoreReading = { ok: true; score: number } | { ok: false; reason: ScoreRefusal };

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

const CHINESE_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  兩: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CHINESE_NUMERAL = /[零〇一二两兩三四五六七八九十百]+/g;

const KEYCAP_TEN = '\u{1F51F}';

/** Phrases that state the scale, not the answer: "/10", "out of ten", "满分10分" when a score follows or precedes. */
const SCALE_PHRASES: readonly RegExp[] = [
  /\s*\/\s*(?:10|ten)\b/g,
  /\s*(?:out\s+of|outta|of)\s+(?:10|ten)\b/g,
  /\s*on\s+a\s+scale\s+(?:of|from)\s+(?:0|zero|1|one)\s*(?:-|to)\s*(?:10|ten)\b/g,
  /[（(]?\s*(?:满分|滿分|總分|总分)\s*(?:10|十)\s*分?\s*[)）]?(?=.*\d|.*[零〇一二两兩三四五六七八九十])/g,
  /(?:10|十)\s*分(?:制)\s*/g,
];

/** Words that say "full marks" without a digit. */
const FULL_MARKS = /(?:满分|滿分|perfect\s+(?:10|ten)|full\s+marks)/;

// "no one", "anyone", "every one" use "one" as a pronoun, not a number.
const ONE_AS_PRONOUN = /\b(?:no|any|every|some|the|this|that|which)\s+one\b/g;

function normalise(text: string): string {
  return text
    .normalize('NFKC') // full-width digits and letters become ASCII
    .replace(new RegExp(KEYCAP_TEN, 'gu'), ' 10 ')
    .replace(/([0-9])\uFE0F?\u20E3/gu, ' $1 ') // keycap digits: "9️⃣"
    .replace(/[\u2212\u2012\u2013\u2014]/g, '-')
    .toLowerCase();
}

function chineseNumeralValue(numeral: string): number | undefined {
  if (numeral === '十') return 10;
  if (numeral === '百') return 100;
  let total = 0;
  let current = 0;
  let sawAny = false;
  for (const char of numeral) {
    if (char === '十') {
      total += (current === 0 ? 1 : current) * 10;
      current = 0;
    } else if (char === '百') {
      total += (current === 0 ? 1 : current) * 100;
      current = 0;
    } else {
      const digit = CHINESE_DIGITS[char];
      if (digit === undefined) return undefined;
      // "九九" is not a number a person writes for a score; read it as two numbers.
      if (sawAny && current !== 0) return Number.NaN;
      current = digit;
    }
    sawAny = true;
  }
  return total + current;
}

/** Every number the text mentions, in order of appearance. NaN marks an unreadable numeral. */
function numbersIn(text: string): number[] {
  const found: { at: number; value: number }[] = [];

  // Arabic numerals. A minus sign counts only where it starts a number, not in "7-8".
  for (const match of text.matchAll(/(^|[^\d.])(-?)(\d+(?:\.\d+)?)/g)) {
    const [, before = '', sign, digits = ''] = match;
    const negative = sign === '-' && !/\d\s*$/.test(before);
    const value = Number(digits) * (negative ? -1 : 1);
    found.push({ at: (match.index ?? 0) + before.length, value });
  }

  const withoutPronouns = text.replace(ONE_AS_PRONOUN, (m) => ' '.repeat(m.length));
  for (const match of withoutPronouns.matchAll(/\b([a-z]+)\b/g)) {
    const word = match[1] ?? '';
    const value = ENGLISH_NUMBERS[word];
    if (value !== undefined) found.push({ at: match.index ?? 0, value });
  }

  for (const match of text.matchAll(CHINESE_NUMERAL)) {
    const numeral = match[0];
    // 一 inside common words ("一般", "一点", "一直", "一些", "一样") is not a number.
    if (numeral === '一' && /^一[般点點直些樣样起定切下]/.test(text.slice(match.index ?? 0))) continue;
    const value = chineseNumeralValue(numeral);
    if (value !== undefined) found.push({ at: match.index ?? 0, value });
  }

  return found.sort((a, b) => a.at - b.at).map((f) => f.value);
}

export function parseScore(text: string): ScoreReading {
  let normalised = normalise(text);
  for (const phrase of SCALE_PHRASES) normalised = normalised.replace(phrase, ' ');

  const numbers = numbersIn(normalised);
  if (numbers.length === 0) {
    return FULL_MARKS.test(normalised) ? { ok: true, score: 10 } : { ok: false, reason: 'no_number' };
  }
  const distinct = [...new Set(numbers)];
  if (distinct.length > 1 || distinct.some(Number.isNaN)) return { ok: false, reason: 'ambiguous' };
  const value = distinct[0] as number;
  if (!Number.isInteger(value)) return { ok: false, reason: 'not_whole' };
  if (value < 0 || value > 10) return { ok: false, reason: 'out_of_range' };
  return { ok: true, score: value };
}

/**
 * One written form for every way of typing the same thing, so the rules need to know only one:
 * full-width digits and letters, keycap emoji, typographic dashes and apostrophes, runs of
 * spaces, upper case. Then the phrases that only state the scale ("/10", "out of ten",
 * "满分10分") are set aside: replaced by SCALE_MARK, one per character, so positions line up and
 * a rule can still see that a number was given with its scale ("8/10") or a "?" after it.
 */
import { CHINESE_NUMERAL_CHAR } from './chinese-numerals.js';

const KEYCAP_TEN = /\u{1F51F}/gu;
/** Keycap digits, one or several in a row: "9️⃣", and "1️⃣0️⃣" for ten. */
const KEYCAP_DIGITS = /(?:[0-9]\uFE0F?\u20E3)+/gu;

export function normalise(text: string): string {
  return (
    text
      // Before NFKC, which would make "7½" into "71⁄2".
      .replace(/½/g, '.5')
      .replace(/[¼¾]/g, '.25')
      .normalize('NFKC') // full-width digits and letters become ASCII, "⑨" becomes "9"
      .replace(KEYCAP_TEN, ' 10 ')
      .replace(KEYCAP_DIGITS, (keycaps) => ` ${keycaps.replace(/[^0-9]/g, '')} `)
      .replace(/[\u2212\u2012\u2013\u2014]/g, '-')
      .replace(/[\u2018\u2019\u02bc]/g, "'")
      // One space for any run keeps every pattern's `\s*` to a step, whatever the text holds.
      .replace(/\s+/g, ' ')
      .toLowerCase()
  );
}

const TEN = String.raw`(?:10|tenn|ten|十)(?![\da-z分]|\.\d)`;
/** Phrases that state the scale, not the answer. */
const SCALE_PHRASES: readonly RegExp[] = [
  / ?\/ ?(?:10|tenn|ten)(?![\d.a-z])/g,
  /[/／]十(?!分之)/g,
  new RegExp(` ?(?:out of|outta|of) ${TEN}`, 'g'),
  new RegExp(`(?:(?:on )?a scale )?(?:of|from) (?:0|zero|1|one) ?(?:-|to|~) ?${TEN}`, 'g'),
  new RegExp(
    String.raw`(?:,? ?(?:with|where|and)? ?${TEN} (?:being|is|=) (?:the )?(?:best|highest|top|max|extremely likely)\b)`,
    'g',
  ),
  /(?:10|十) ?分 ?制(?:的话|的話)?/g,
  /(?:0|零|1|一) ?(?:到|至|-|~) ?(?:10|十) ?分?(?:的话|的話|之间|之間|里|裡|中)?/g,
  // "十分之八" is "eight tenths": what is left after the scale is the score.
  /(?:10|十) ?分 ?之/g,
];
/** "满分10分" states the scale when another number is the answer ("满分10分，我给8分"). */
const FULL_MARKS_SCALE = /[（(]? ?(?:满分|滿分|總分|总分)(?:是|为|為)? ?(?:10|十) ?分?(?:的话|的話)? ?[)）]?/g;

/** Stands where a scale phrase was (a private-use character: nobody types it, NFKC keeps it). */
export const SCALE_MARK = '\uE000';
const blank = (phrase: string) => SCALE_MARK.repeat(phrase.length);
const hasNumber = (text: string) => /\d/.test(text) || CHINESE_NUMERAL_CHAR.test(text);

/** The text with scale phrases blanked out (same length, so positions still line up). */
export function setScaleAside(text: string): string {
  let rest = text;
  for (const phrase of SCALE_PHRASES) rest = rest.replace(phrase, blank);
  const withoutFullMarks = rest.replace(FULL_MARKS_SCALE, blank);
  return hasNumber(withoutFullMarks) ? withoutFullMarks : rest;
}

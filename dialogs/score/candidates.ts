/**
 * Finds every number an answer mentions — digits, English words, Chinese numerals — in one
 * pass, each with the bit of text either side of it that can change what it means.
 */
import { chineseNumeralValue } from './chinese-numerals.js';
import { englishNumberValue } from './english-numbers.js';

export type NumberForm = 'digits' | 'word' | 'numeral';

export interface Candidate {
  value: number;
  form: NumberForm;
  /** The number as written (normalised). */
  written: string;
  at: number;
  end: number;
  /** Up to NEIGHBOURHOOD characters before and after: what a rule may look at. */
  before: string;
  after: string;
}

/** The words that change what a number means are close to it; a bounded look keeps reading linear. */
export const NEIGHBOURHOOD = 40;
/**
 * An answer naming more numbers than this is not one clear score ("1 2 3 4 5…"), whatever
 * they are: the search stops there, so a wall of digits costs no more than a few of them.
 */
export const MAX_NUMBERS = 24;

const NUMBER = /(\d+(?:\.\d+)?)|([a-z]+)|([零〇一二两兩三四五六七八九十百]+(?:[点點][零〇一二两兩三四五六七八九]+)?)/g;

function readNumber(match: RegExpExecArray): { value: number; form: NumberForm } | undefined {
  const [, digits, word, numeral] = match;
  if (digits !== undefined) return { value: Number(digits), form: 'digits' };
  if (word !== undefined) {
    const value = englishNumberValue(word);
    return value === undefined ? undefined : { value, form: 'word' };
  }
  return { value: chineseNumeralValue(numeral ?? ''), form: 'numeral' };
}

/** The numbers in the text, in order; MAX_NUMBERS + 1 of them at most (then the text has too many). */
export function findCandidates(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of text.matchAll(NUMBER)) {
    const read = readNumber(match);
    if (!read) continue;
    if (found.length > MAX_NUMBERS) break;
    const at = match.index;
    const end = at + match[0].length;
    found.push({
      ...read,
      written: match[0],
      at,
      end,
      before: text.slice(Math.max(0, at - NEIGHBOURHOOD), at),
      after: text.slice(end, end + NEIGHBOURHOOD),
    });
  }
  return found;
}

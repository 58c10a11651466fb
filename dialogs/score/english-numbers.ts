/**
 * English number words as people type them in a chat, with the slips a phone keyboard makes
 * ("fiv", "tenn", "sixx"). Only slips that are not themselves common words are listed:
 * "fine", "for", "give" and "mine" are one letter from a number, and words.
 */

export const ENGLISH_NUMBERS: Readonly<Record<string, number>> = {
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

const SLIPS: Readonly<Record<string, number>> = {
  zer0: 0,
  zeroo: 0,
  onee: 1,
  twoo: 2,
  thre: 3,
  threee: 3,
  fuor: 4,
  foru: 4,
  fourr: 4,
  fiv: 5,
  fve: 5,
  fivee: 5,
  fivr: 5,
  sixx: 6,
  sixe: 6,
  sevn: 7,
  sevem: 7,
  seveb: 7,
  sevenn: 7,
  svn: 7,
  eigth: 8,
  eigt: 8,
  eihgt: 8,
  egiht: 8,
  eightt: 8,
  nien: 9,
  nin: 9,
  ninee: 9,
  nnine: 9,
  tenn: 10,
  tne: 10,
};

function lookUp(word: string): number | undefined {
  if (Object.hasOwn(ENGLISH_NUMBERS, word)) return ENGLISH_NUMBERS[word];
  if (Object.hasOwn(SLIPS, word)) return SLIPS[word];
  return undefined;
}

/** The value of a word, typed right, with a known slip, or with letters held down ("sevennn"). */
export function englishNumberValue(word: string): number | undefined {
  return lookUp(word) ?? lookUp(word.replace(/([a-z])\1+/g, '$1'));
}

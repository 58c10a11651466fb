/**
 * Chinese numerals as people write them in a chat: 零 to 十, 两/兩, 十一, 二十, 一百, and a
 * decimal with 点/點 ("七点五"). Shared by Simplified and Traditional script.
 */

const DIGITS: Readonly<Record<string, number>> = {
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

/** A run of numeral characters, optionally with a decimal part. */
export const CHINESE_NUMERAL = /[零〇一二两兩三四五六七八九十百]+(?:[点點][零〇一二两兩三四五六七八九]+)?/g;

/** Any numeral character, to ask "is there a number left in this text?". */
export const CHINESE_NUMERAL_CHAR = /[零〇一二两兩三四五六七八九十百]/;

function wholeValue(numeral: string): number {
  let total = 0;
  let current = 0;
  let sawDigit = false;
  for (const char of numeral) {
    if (char === '十' || char === '百') {
      total += (current === 0 ? 1 : current) * (char === '十' ? 10 : 100);
      current = 0;
      sawDigit = false;
      continue;
    }
    // 零 after 十 or 百 only holds a place ("一百零五").
    if (char === '零' && total > 0) continue;
    // "九九" or "七八" is two numbers run together ("seven or eight"), not one a person means.
    if (sawDigit) return Number.NaN;
    current = DIGITS[char] ?? Number.NaN;
    sawDigit = true;
  }
  return total + current;
}

/** The value of a numeral matched by CHINESE_NUMERAL; NaN for runs that are not one number. */
export function chineseNumeralValue(numeral: string): number {
  const [whole = '', decimals] = numeral.split(/[点點]/);
  const integer = wholeValue(whole);
  if (decimals === undefined) return integer;
  const fraction = [...decimals].map((char) => DIGITS[char] ?? 0).join('');
  return Number(`${integer}.${fraction}`);
}

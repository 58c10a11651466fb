/**
 * How a typed score is read (see docs/conversation.md): the way a person would read it, in English,
 * Simplified and Traditional Chinese. Each row is what someone typed and what a person
 * reading it would take from it: a score, or the reason it is not one clear whole number
 * from 0 to 10 (which picks the re-prompt).
 */
import { describe, expect, it } from 'vitest';
import { parseScore, type ScoreRefusal } from '../../dialogs/index.js';

type Row = readonly [typed: string, expected: number | ScoreRefusal];

const ENGLISH: readonly Row[] = [
  ['9', 9],
  ['0', 0],
  ['10', 10],
  [' 7 ', 7],
  ['9/10', 9],
  ['10/10', 10],
  ['0/10', 0],
  ['8 out of 10', 8],
  ['10 out of 10', 10],
  ['9 outta 10', 9],
  ['8 of 10', 8],
  ["I'd give it a 7", 7],
  ['I would give it a 9 out of 10', 9],
  ['a solid 8', 8],
  ['nine', 9],
  ['Eight', 8],
  ['EIGHT!!!', 8],
  ['zero', 0],
  ['one', 1],
  ['ten out of ten', 10],
  ['nine out of ten', 9],
  ['1 out of ten', 1],
  ['definitely a ten', 10],
  ['Ten.', 10],
  ['8!', 8],
  ['10!!!', 10],
  ['8.0', 8],
  ['score: 3', 3],
  ['6/10 would not recommend', 6],
  ['10/10 would recommend to everyone', 10],
  ['on a scale of 0 to 10, 8', 8],
  ['from 0 to 10 I would say 7', 7],
  ['9 - great product', 9],
  ['2 - terrible, 10 minutes waiting', 2],
  ["I've used it 3 times, 8", 8],
  ['first time, 8', 8],
  ['no one beats them, 9', 9],
  ['one of the best tools I use: 10', 10],
  ['perfect 10', 10],
  ['not a 10, but a solid 9', 9],
  ['+5', 5],
  ['-0', 0],
];

const SIMPLIFIED: readonly Row[] = [
  ['九分', 9],
  ['十', 10],
  ['十分', 10],
  ['10分', 10],
  ['我给九分', 9],
  ['我打8分', 8],
  ['满分', 10],
  ['给满分！', 10],
  ['满分10分，我给8分', 8],
  ['满分十分 我打九分', 9],
  ['我给8分，满分10分', 8],
  ['唯一的问题是价格，7分', 7],
  ['零分', 0],
  ['零', 0],
  ['〇', 0],
  ['两分', 2],
  ['打个七分吧', 7],
  ['9分。', 9],
  ['5 分', 5],
  ['一般，6分', 6],
  ['第一次用，8分', 8],
  ['用了三次，8分', 8],
  ['等了十分钟，2分', 2],
  ['十分之八', 8],
  ['九/十', 9],
  ['零分，太差了', 0],
];

const TRADITIONAL: readonly Row[] = [
  ['兩分', 2],
  ['滿分', 10],
  ['滿分10分，我給8分', 8],
  ['我會給九分', 9],
  ['給你十分', 10],
  ['七分吧', 7],
  ['等了十分鐘，三分', 3],
];

const WRITTEN_FORMS: readonly Row[] = [
  ['９', 9],
  ['１０', 10],
  ['５分', 5],
  ['９／１０', 9],
  ['9️⃣', 9],
  ['9⃣', 9],
  ['6️⃣', 6],
  ['🔟', 10],
  ['1️⃣0️⃣', 10],
  ['0️⃣', 0],
  ['9 👍', 9],
];

const REFUSED: readonly Row[] = [
  // more than one number: which one?
  ['7 or 8', 'ambiguous'],
  ['7-8', 'ambiguous'],
  ['7 to 8', 'ambiguous'],
  ['between 7 and 8', 'ambiguous'],
  ['7~8', 'ambiguous'],
  ['7 / 8', 'ambiguous'],
  ['seven or eight', 'ambiguous'],
  ['八到九分', 'ambiguous'],
  ['七八分', 'ambiguous'],
  ['七、八分', 'ambiguous'],
  ['七或八', 'ambiguous'],
  ['九九', 'ambiguous'],
  ['4/5', 'ambiguous'],
  ['5/5', 'ambiguous'],
  ['not a 10', 'ambiguous'],
  // outside 0–10
  ['100', 'out_of_range'],
  ['11', 'out_of_range'],
  ['11/10', 'out_of_range'],
  ['十一', 'out_of_range'],
  ['二十', 'out_of_range'],
  ['一百分', 'out_of_range'],
  ['-1', 'out_of_range'],
  ['−1', 'out_of_range'],
  ['-5', 'out_of_range'],
  ['负一', 'out_of_range'],
  ['負一分', 'out_of_range'],
  ['twenty', 'out_of_range'],
  ['1000', 'out_of_range'],
  // not a whole number
  ['7.5', 'not_whole'],
  ['0.5', 'not_whole'],
  ['9.5/10', 'not_whole'],
  ['7.5 out of 10', 'not_whole'],
  ['七点五', 'not_whole'],
  ['七點五分', 'not_whole'],
  // no number at all
  ['great!', 'no_number'],
  ['', 'no_number'],
  ['   ', 'no_number'],
  ['一般般', 'no_number'],
  ['一般', 'no_number'],
  ['一点也不推荐', 'no_number'],
  ['十分满意', 'no_number'],
  ['十分不滿意', 'no_number'],
  ['十分推荐', 'no_number'],
  ['不会给满分', 'no_number'],
  ['沒有滿分', 'no_number'],
  ['someone', 'no_number'],
  ['anyone', 'no_number'],
  ['often', 'no_number'],
  ['👍', 'no_number'],
  ['n/a', 'no_number'],
  ['10 minutes too slow', 'no_number'],
];

function expectReading(typed: string, expected: number | ScoreRefusal) {
  const reading = parseScore(typed);
  if (typeof expected === 'number') expect(reading).toEqual({ ok: true, score: expected });
  else expect(reading).toEqual({ ok: false, reason: expected });
}

describe('parseScore', () => {
  describe.each([
    ['English', ENGLISH],
    ['Simplified Chinese', SIMPLIFIED],
    ['Traditional Chinese', TRADITIONAL],
    ['full-width digits and keycap emoji', WRITTEN_FORMS],
    ['what is not one clear whole number from 0 to 10', REFUSED],
  ])('%s', (_name, rows) => {
    it.each(rows)('%j → %j', expectReading);
  });

  it('covers at least 80 typed answers across the three languages', () => {
    const all = [...ENGLISH, ...SIMPLIFIED, ...TRADITIONAL, ...WRITTEN_FORMS, ...REFUSED];
    expect(all.length).toBeGreaterThanOrEqual(80);
    expect(new Set(all.map(([typed]) => typed)).size).toBe(all.length);
  });

  it('reads every score button value', () => {
    for (let score = 0; score <= 10; score++) expect(parseScore(String(score))).toEqual({ ok: true, score });
  });
});

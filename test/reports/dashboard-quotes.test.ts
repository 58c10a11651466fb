/**
 * What the dashboard lists under the reasons: each quote once with all its themes, a
 * detractor-led theme's detractor quotes first; and the trend from its first answered period.
 */
import { describe, expect, it } from 'vitest';
import { fromFirstAnswer } from '../../src/dashboard/client/periods.js';
import { tagQuotes } from '../../src/dashboard/client/quotes.js';
import type { Quote, ReasonsReport } from '../../src/reports/reasons.js';

const quote = (text: string, category: Quote['category'], score: number, day: string): Quote => ({
  text,
  category,
  score,
  answeredAt: `${day}T10:00:00.000Z`,
});
const slowAndDear = quote('Slow and far too expensive', 'detractor', 2, '2026-03-05');
const cheap = quote('Cheap enough for us', 'promoter', 9, '2026-03-04');
const pricey = quote('A bit pricey', 'passive', 7, '2026-03-03');
const fast = quote('Fast, really fast', 'promoter', 10, '2026-03-02');

type Theme = ReasonsReport['themes'][number];
const theme = (name: string, counts: Theme['counts'], quotes: Quote[]): Theme => ({
  theme: name,
  total: counts.detractor + counts.passive + counts.promoter,
  counts,
  quotes,
});

describe('the quotes on the dashboard', () => {
  const themes = [
    // Newest first, as the report gives them; price is mostly a detractors' theme.
    theme('price', { detractor: 5, passive: 2, promoter: 1 }, [cheap, pricey, slowAndDear]),
    theme('speed', { detractor: 1, passive: 0, promoter: 4 }, [slowAndDear, fast]),
  ];

  it('lists each quote once, tagged with every theme it was listed under', () => {
    const listed = tagQuotes(themes);
    expect(listed.map((q) => [q.text, q.themes])).toEqual([
      ['Slow and far too expensive', ['price', 'speed']],
      ['A bit pricey', ['price']],
      ['Cheap enough for us', ['price']],
      ['Fast, really fast', ['speed']],
    ]);
  });

  it('puts a detractor-led theme’s detractors first, and a promoter-led theme’s promoters first', () => {
    const speedFirst = tagQuotes([themes[1] as Theme, themes[0] as Theme]);
    expect(speedFirst.map((q) => q.text)).toEqual([
      'Fast, really fast',
      'Slow and far too expensive',
      'A bit pricey',
      'Cheap enough for us',
    ]);
  });

  it('lists the same words from two people once', () => {
    const again = quote('a bit pricey ', 'passive', 8, '2026-03-01');
    const listed = tagQuotes([theme('price', { detractor: 0, passive: 2, promoter: 0 }, [pricey, again])]);
    expect(listed.map((q) => [q.text, q.score])).toEqual([['A bit pricey', 7]]);
  });

  it('lists nothing without themes', () => {
    expect(tagQuotes([])).toEqual([]);
  });
});

describe('the trend periods the chart draws', () => {
  it.each([
    ['starts at the first answer, keeping later empty periods as gaps', [0, 0, 0, 4, 0, 2, 0], [4, 0, 2, 0]],
    ['keeps everything when the first period has answers', [3, 0, 1], [3, 0, 1]],
    ['draws nothing when no period has answers', [0, 0], []],
  ])('%s', (_name, totals, shown) => {
    expect(fromFirstAnswer(totals.map((total) => ({ total }))).map((p) => p.total)).toEqual(shown);
  });
});

/**
 * NPS arithmetic (see docs/reports.md): % promoters − % detractors to one decimal, the 95% margin
 * of error 1.96·sqrt((p+d−(p−d)²)/n)·100, the band, and the 11-row distribution.
 */
import { describe, expect, it } from 'vitest';
import { npsBand, npsMarginOfError, summariseScoreList, summariseScores } from '../src/nps.js';

/** Counts per score 0..10 from a few { score: count } entries. */
const counts = (entries: Record<number, number>) => Array.from({ length: 11 }, (_, score) => entries[score] ?? 0);

describe('summariseScores', () => {
  it('works the example: 100 answers, 26% detractors, 36% passives, 38% promoters', () => {
    // 26 detractors spread over 0–6, 36 passives over 7–8, 38 promoters over 9–10.
    const summary = summariseScores(counts({ 0: 2, 3: 4, 5: 8, 6: 12, 7: 16, 8: 20, 9: 18, 10: 20 }));
    expect(summary).toMatchObject({
      total: 100,
      detractors: 26,
      passives: 36,
      promoters: 38,
      nps: 12,
      marginOfError: 15.5,
      band: 'good',
    });
    expect(summary.distribution).toEqual([
      { score: 0, count: 2, percent: 2 },
      { score: 1, count: 0, percent: 0 },
      { score: 2, count: 0, percent: 0 },
      { score: 3, count: 4, percent: 4 },
      { score: 4, count: 0, percent: 0 },
      { score: 5, count: 8, percent: 8 },
      { score: 6, count: 12, percent: 12 },
      { score: 7, count: 16, percent: 16 },
      { score: 8, count: 20, percent: 20 },
      { score: 9, count: 18, percent: 18 },
      { score: 10, count: 20, percent: 20 },
    ]);
  });

  it('has no score, margin or band when nobody answered, and still 11 distribution rows', () => {
    const summary = summariseScores([]);
    expect(summary).toMatchObject({ total: 0, promoters: 0, passives: 0, detractors: 0, nps: null });
    expect(summary.marginOfError).toBeNull();
    expect(summary.band).toBeNull();
    expect(summary.distribution).toEqual(Array.from({ length: 11 }, (_, score) => ({ score, count: 0, percent: 0 })));
  });

  it('gives 100, a zero margin and world-class when everyone is a promoter', () => {
    expect(summariseScores(counts({ 9: 3, 10: 7 }))).toMatchObject({
      nps: 100,
      marginOfError: 0,
      band: 'world-class',
    });
  });

  it('gives −100, a zero margin and needs-work when everyone is a detractor', () => {
    expect(summariseScores(counts({ 0: 5, 6: 5 }))).toMatchObject({
      nps: -100,
      marginOfError: 0,
      band: 'needs-work',
    });
  });

  it('gives 0 and good when there are only passives', () => {
    expect(summariseScores(counts({ 7: 4, 8: 1 }))).toMatchObject({ nps: 0, marginOfError: 0, band: 'good' });
  });

  it('rounds to one decimal and never reports a negative zero', () => {
    // 1 promoter, 2 detractors in 3: −33.333… → −33.3
    expect(summariseScoreList([10, 0, 0]).nps).toBe(-33.3);
    // One detractor more than promoters in 2,500 answers is −0.04 points: shown as 0.0, band good.
    const nearZero = summariseScores(counts({ 0: 1, 7: 2499 }));
    expect(Object.is(nearZero.nps, 0)).toBe(true);
    expect(nearZero.band).toBe('good');
    expect(summariseScoreList([9, 7, 7]).distribution.map((row) => row.percent)).toEqual([
      0, 0, 0, 0, 0, 0, 0, 66.7, 0, 33.3, 0,
    ]);
  });

  it('places the band boundaries where the contract puts them', () => {
    const withNps = (promoters: number, detractors: number) =>
      summariseScores(counts({ 10: promoters, 0: detractors, 8: 1000 - promoters - detractors }));
    expect(withNps(0, 0)).toMatchObject({ nps: 0, band: 'good' });
    expect(withNps(300, 0)).toMatchObject({ nps: 30, band: 'good' });
    expect(withNps(301, 0)).toMatchObject({ nps: 30.1, band: 'excellent' });
    expect(withNps(700, 0)).toMatchObject({ nps: 70, band: 'excellent' });
    expect(withNps(701, 0)).toMatchObject({ nps: 70.1, band: 'world-class' });
    expect(withNps(0, 1)).toMatchObject({ nps: -0.1, band: 'needs-work' });
  });

  it('ignores anything past score 10 and fills missing scores with zero', () => {
    const summary = summariseScores([1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(summary.total).toBe(2);
    expect(summary.distribution).toHaveLength(11);
    expect(summary.distribution[10]).toEqual({ score: 10, count: 0, percent: 0 });
  });
});

describe('npsBand', () => {
  it.each([
    [-100, 'needs-work'],
    [-0.1, 'needs-work'],
    [0, 'good'],
    [30, 'good'],
    [30.1, 'excellent'],
    [70, 'excellent'],
    [70.1, 'world-class'],
    [100, 'world-class'],
  ] as const)('%d → %s', (nps, band) => {
    expect(npsBand(nps)).toBe(band);
  });
});

describe('npsMarginOfError', () => {
  it('follows 1.96·sqrt((p+d−(p−d)²)/n)·100', () => {
    // p = 0.5, d = 0.2, n = 400: sqrt((0.7 − 0.09)/400) = 0.039051…; × 196 = 7.654…
    expect(npsMarginOfError(200, 80, 400)).toBe(7.7);
    expect(npsMarginOfError(38, 26, 100)).toBe(15.5);
    expect(npsMarginOfError(0, 0, 0)).toBeNull();
  });

  it('shrinks as the sample grows for the same shares', () => {
    const small = npsMarginOfError(38, 26, 100) ?? Number.NaN;
    const large = npsMarginOfError(3800, 2600, 10_000) ?? Number.NaN;
    expect(large).toBe(1.6);
    expect(large).toBeLessThan(small);
  });
});

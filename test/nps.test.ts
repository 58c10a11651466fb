/**
 * NPS arithmetic (see docs/reports.md): % promoters − % detractors to one decimal, the 95%
 * adjusted-Wald interval (¾ added to promoters and detractors, 3 to n) with its half-width as
 * the margin, the band, and the 11-row distribution.
 */
import { describe, expect, it } from 'vitest';
import { certainBand, npsBand, npsInterval, summariseScoreList, summariseScores } from '../src/nps.js';

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
      interval: { low: -3.6, high: 26.9 },
      marginOfError: 15.2,
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
    expect(summary.interval).toBeNull();
    expect(summary.band).toBeNull();
    expect(summary.distribution).toEqual(Array.from({ length: 11 }, (_, score) => ({ score, count: 0, percent: 0 })));
  });

  it('gives 100 and world-class when everyone is a promoter, yet no zero margin on 10 answers', () => {
    expect(summariseScores(counts({ 9: 3, 10: 7 }))).toMatchObject({
      nps: 100,
      interval: { low: 47.5, high: 100 },
      marginOfError: 26.2,
      band: 'world-class',
    });
  });

  it('gives −100 and needs-work when everyone is a detractor', () => {
    expect(summariseScores(counts({ 0: 5, 6: 5 }))).toMatchObject({
      nps: -100,
      interval: { low: -100, high: -47.5 },
      band: 'needs-work',
    });
  });

  it('gives 0 and good when there are only passives', () => {
    // p′ = d′ = 0.75/8: √(0.1875/8) = 0.1531 · 196 = 30.0 either side.
    expect(summariseScores(counts({ 7: 4, 8: 1 }))).toMatchObject({
      nps: 0,
      interval: { low: -30, high: 30 },
      marginOfError: 30,
      band: 'good',
    });
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

/**
 * Expected values worked out separately (decimal arithmetic, not this code): p′ = (P + ¾)/(n + 3),
 * d′ = (D + ¾)/(n + 3), centre p′ − d′, half-width 1.96·√((p′ + d′ − (p′ − d′)²)/(n + 3)),
 * clamped to ±100; the margin is half the clamped width.
 */
describe('npsInterval (adjusted Wald, 95%)', () => {
  it.each([
    // promoters, detractors, n, low, high, margin
    ['38/36/26 of 100', 38, 26, 100, -3.6, 26.9, 15.2],
    ['one promoter', 1, 0, 1, -48.5, 98.5, 73.5],
    ['one detractor', 0, 1, 1, -98.5, 48.5, 73.5],
    ['one passive', 0, 0, 1, -60, 60, 60],
    ['a promoter and a detractor', 1, 1, 2, -73.3, 73.3, 73.3],
    ['two promoters (was ±0)', 2, 0, 2, -24.4, 100, 62.2],
    ['two detractors', 0, 2, 2, -100, 24.4, 62.2],
    ['2/1/2 of 5 (was 0.0 ± 78.4)', 2, 2, 5, -57.5, 57.5, 57.5],
    ['all 10 promoters (clamped at 100)', 10, 0, 10, 47.5, 100, 26.2],
    ['all 10 detractors (clamped at −100)', 0, 10, 10, -100, -47.5, 26.2],
    ['all 50 promoters', 50, 0, 50, 86.6, 100, 6.7],
    ['38/36/26 of 10,000', 3800, 2600, 10_000, 10.4, 13.5, 1.5],
  ])('%s → %d…%d, ±%d', (_name, promoters, detractors, total, low, high, margin) => {
    expect(npsInterval(promoters, detractors, total)).toEqual({ interval: { low, high }, marginOfError: margin });
  });

  it('has no interval without answers', () => {
    expect(npsInterval(0, 0, 0)).toBeNull();
  });

  it('never gives a margin over 100 or a bound outside −100…100', () => {
    for (const total of [1, 2, 3, 5, 8]) {
      for (let promoters = 0; promoters <= total; promoters++) {
        for (let detractors = 0; promoters + detractors <= total; detractors++) {
          const found = npsInterval(promoters, detractors, total);
          expect(found?.marginOfError).toBeLessThanOrEqual(100);
          expect(found?.interval.low).toBeGreaterThanOrEqual(-100);
          expect(found?.interval.high).toBeLessThanOrEqual(100);
        }
      }
    }
  });
});

describe('certainBand', () => {
  it.each([
    [{ low: 31, high: 69 }, 'excellent'],
    [{ low: 0, high: 30 }, 'good'],
    [{ low: -3.6, high: 26.9 }, null],
    [{ low: -57.5, high: 57.5 }, null],
    [{ low: -100, high: -47.5 }, 'needs-work'],
  ] as const)('%o → %s', (interval, band) => {
    expect(certainBand(interval)).toBe(band);
  });
});

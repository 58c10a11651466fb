/**
 * NPS arithmetic (see docs/reports.md): counts by category, the score from −100 to 100, its 95%
 * adjusted-Wald interval and margin of error, the band it falls in, and the 0–10 distribution.
 */

export type NpsBand = 'needs-work' | 'good' | 'excellent' | 'world-class';

export interface NpsInterval {
  low: number;
  high: number;
}

export interface NpsSummary {
  total: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** % promoters − % detractors, one decimal; null when nobody answered. */
  nps: number | null;
  /** The 95% adjusted-Wald interval in NPS points, one decimal each; null when nobody answered. */
  interval: NpsInterval | null;
  /** Half the width of `interval`, one decimal; null when nobody answered. */
  marginOfError: number | null;
  band: NpsBand | null;
  distribution: { score: number; count: number; percent: number }[];
}

const Z_95 = 1.96;

function oneDecimal(value: number): number {
  // Round half away from zero on the decimal representation, not on binary noise (12.05 → 12.1).
  const rounded = Math.round(Math.abs(value) * 10 + 1e-9) / 10;
  // −0.04 rounds to 0.0, not −0: a negative zero prints as "-0" in places and would look like a bug.
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/** How the bands read in English text (the dashboard, `/nps report`). */
export const BAND_NAMES: Readonly<Record<NpsBand, string>> = {
  'needs-work': 'needs work',
  good: 'good',
  excellent: 'excellent',
  'world-class': 'world-class',
};

export function npsBand(nps: number): NpsBand {
  if (nps < 0) return 'needs-work';
  if (nps <= 30) return 'good';
  if (nps <= 70) return 'excellent';
  return 'world-class';
}

/**
 * NPS with ¾ added to the promoter and to the detractor count and 3 to n (the adjusted Wald
 * method, Agresti–Caffo for a difference of two shares of one multinomial sample), unrounded,
 * in NPS points, with its standard error √((p′ + d′ − (p′ − d′)²) / (n + 3)). Unlike the plain
 * Wald error it is never 0 for a small sample where everybody gave the same category, and
 * it is what both the interval and the change between two periods are computed from.
 */
export function adjustedNps(promoters: number, detractors: number, total: number): { centre: number; se: number } {
  const n = total + 3;
  const p = (promoters + 0.75) / n;
  const d = (detractors + 0.75) / n;
  return { centre: (p - d) * 100, se: Math.sqrt((p + d - (p - d) ** 2) / n) * 100 };
}

/** The 95% interval around the adjusted NPS, clamped to −100…100, and half its width; null without answers. */
export function npsInterval(
  promoters: number,
  detractors: number,
  total: number,
): { interval: NpsInterval; marginOfError: number } | null {
  if (total <= 0) return null;
  const { centre, se } = adjustedNps(promoters, detractors, total);
  const low = Math.max(-100, centre - Z_95 * se);
  const high = Math.min(100, centre + Z_95 * se);
  return { interval: { low: oneDecimal(low), high: oneDecimal(high) }, marginOfError: oneDecimal((high - low) / 2) };
}

/** The band, when the whole interval lies in one; null when the answers cannot tell two bands apart. */
export function certainBand(interval: NpsInterval): NpsBand | null {
  const band = npsBand(interval.low);
  return npsBand(interval.high) === band ? band : null;
}

/** Summarises counts per score (index 0–10) with the default bands 0–6, 7–8, 9–10. */
export function summariseScores(
  countsByScore: readonly number[],
  bands = { passiveFrom: 7, promoterFrom: 9 },
): NpsSummary {
  const counts = Array.from({ length: 11 }, (_, score) => countsByScore[score] ?? 0);
  const total = counts.reduce((sum, count) => sum + count, 0);
  const sum = (from: number, to: number) => counts.slice(from, to + 1).reduce((a, b) => a + b, 0);
  const detractors = sum(0, bands.passiveFrom - 1);
  const passives = sum(bands.passiveFrom, bands.promoterFrom - 1);
  const promoters = sum(bands.promoterFrom, 10);
  const nps = total > 0 ? oneDecimal(((promoters - detractors) / total) * 100) : null;
  const spread = npsInterval(promoters, detractors, total);
  return {
    total,
    promoters,
    passives,
    detractors,
    nps,
    interval: spread?.interval ?? null,
    marginOfError: spread?.marginOfError ?? null,
    band: nps === null ? null : npsBand(nps),
    distribution: counts.map((count, score) => ({
      score,
      count,
      percent: total > 0 ? oneDecimal((count / total) * 100) : 0,
    })),
  };
}

/** Summarises a list of scores: a convenience for tests and small samples. */
export function summariseScoreList(scores: readonly number[]): NpsSummary {
  const counts = new Array<number>(11).fill(0);
  for (const score of scores) counts[score] = (counts[score] ?? 0) + 1;
  return summariseScores(counts);
}

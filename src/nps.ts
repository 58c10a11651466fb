/**
 * NPS arithmetic (see docs/reports.md): counts by category, the score from −100 to 100, its 95%
 * margin of error, the band it falls in, and the 0–10 distribution.
 */
import { z } from 'zod';

export const NPS_BANDS = ['needs-work', 'good', 'excellent', 'world-class'] as const;
export type NpsBand = (typeof NPS_BANDS)[number];

/** The summary's NPS part, as the reports answer it (docs/reports.md). */
export const npsSummarySchema = z.object({
  total: z.number().int(),
  promoters: z.number().int(),
  passives: z.number().int(),
  detractors: z.number().int(),
  /** % promoters − % detractors, one decimal; null when nobody answered. */
  nps: z
    .number()
    .nullable()
    .meta({ description: '% promoters − % detractors, one decimal; null when nobody answered' }),
  /** Half-width of the 95% confidence interval, in NPS points, one decimal; null when nobody answered. */
  marginOfError: z.number().nullable().meta({ description: 'half-width of the 95% confidence interval, NPS points' }),
  band: z.enum(NPS_BANDS).nullable(),
  /** Always 11 rows, scores 0 to 10. */
  distribution: z.array(z.object({ score: z.number().int(), count: z.number().int(), percent: z.number() })),
});
export type NpsSummary = z.infer<typeof npsSummarySchema>;

const Z_95 = 1.96;

function oneDecimal(value: number): number {
  // Round half away from zero on the decimal representation, not on binary noise (12.05 → 12.1).
  const rounded = Math.round(Math.abs(value) * 10 + 1e-9) / 10;
  // −0.04 rounds to 0.0, not −0: a negative zero prints as "-0" in places and would look like a bug.
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

export function npsBand(nps: number): NpsBand {
  if (nps < 0) return 'needs-work';
  if (nps <= 30) return 'good';
  if (nps <= 70) return 'excellent';
  return 'world-class';
}

/**
 * The margin of error of NPS as a difference of two proportions from one multinomial sample:
 * Var(p − d) = (p + d − (p − d)²) / n.
 */
export function npsMarginOfError(promoters: number, detractors: number, total: number): number | null {
  if (total <= 0) return null;
  const p = promoters / total;
  const d = detractors / total;
  return oneDecimal(Z_95 * Math.sqrt((p + d - (p - d) ** 2) / total) * 100);
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
  return {
    total,
    promoters,
    passives,
    detractors,
    nps,
    marginOfError: npsMarginOfError(promoters, detractors, total),
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

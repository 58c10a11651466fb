/** Which category a score falls in, by the survey's bands (NPS's 0–6 / 7–8 / 9–10 by default). */
import { DEFAULT_SCORE_BANDS } from './survey.js';
import type { Category } from './types.js';

export type ScoreBands = Readonly<Record<Category, readonly [number, number]>>;

export function categorise(score: number, bands: ScoreBands = DEFAULT_SCORE_BANDS): Category {
  if (score >= bands.promoter[0]) return 'promoter';
  if (score >= bands.passive[0]) return 'passive';
  return 'detractor';
}

/**
 * NPS over time: one point per day, ISO week or month with its 95% interval, and whether the
 * change from the previous point is larger than the noise. The test is a two-sample z test on
 * the adjusted shares the interval is built from (src/nps.ts): z = (c₂ − c₁) / sqrt(SE₁² + SE₂²)
 * with c the adjusted NPS and SE its standard error, significant when |z| > 1.96 (95%). The
 * plain shares would give 50 promoters then 50 detractors no spread at all, hence no test.
 */
import type { Survey } from '../../dialogs/index.js';
import { adjustedNps } from '../nps.js';
import type { ConversationStore } from '../store/types.js';
import { tallyDays } from './counters.js';
import type { ReportFilter } from './filters.js';
import { type SummaryReport, summaryOfTally } from './summary.js';

export const INTERVALS = ['day', 'week', 'month'] as const;
export type Interval = (typeof INTERVALS)[number];

const Z_95 = 1.96;

export interface TrendChange {
  /** NPS points since the previous period. */
  nps: number;
  /** From the adjusted shares, two decimals. */
  z: number;
  significant: boolean;
}

export interface TrendPoint {
  /** "2026-03-05", "2026-W10" (ISO week, Monday first) or "2026-03". */
  period: string;
  /** The first and last day of the period inside the report's range. */
  from: string;
  to: string;
  total: number;
  promoters: number;
  passives: number;
  detractors: number;
  nps: number | null;
  marginOfError: number | null;
  interval: SummaryReport['interval'];
  band: SummaryReport['band'];
  /** Against the previous period; null for the first one or when either has no answers. */
  change: TrendChange | null;
}

/** The ISO 8601 week of a UTC day, e.g. 2026-01-01 → "2026-W01" (weeks belong to the year of their Thursday). */
export function isoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(date.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstMonday = firstThursday.getTime() - ((firstThursday.getUTCDay() + 6) % 7) * 86_400_000;
  const week = Math.floor((thursday.getTime() - firstMonday) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function periodOf(day: string, interval: Interval): string {
  if (interval === 'day') return day;
  if (interval === 'month') return day.slice(0, 7);
  return isoWeek(day);
}

/** Groups consecutive days into periods, in order. */
export function groupDays(days: readonly string[], interval: Interval): { period: string; days: string[] }[] {
  const groups: { period: string; days: string[] }[] = [];
  for (const day of days) {
    const period = periodOf(day, interval);
    const last = groups[groups.length - 1];
    if (last?.period === period) last.days.push(day);
    else groups.push({ period, days: [day] });
  }
  return groups;
}

const round = (value: number, digits: number) => {
  const factor = 10 ** digits;
  const rounded = Math.round(Math.abs(value) * factor + 1e-9) / factor;
  return value < 0 && rounded !== 0 ? -rounded : rounded;
};

/** Is the move from `before` to `after` larger than sampling noise? */
export function compareNps(before: SummaryReport, after: SummaryReport): TrendChange | null {
  if (before.total === 0 || after.total === 0) return null;
  const a = adjustedNps(before.promoters, before.detractors, before.total);
  const b = adjustedNps(after.promoters, after.detractors, after.total);
  const z = (b.centre - a.centre) / Math.sqrt(a.se ** 2 + b.se ** 2);
  // The change shown is that of the plain NPS, the number on the page; only the test is adjusted.
  const shown =
    ((after.promoters - after.detractors) / after.total - (before.promoters - before.detractors) / before.total) * 100;
  return { nps: round(shown, 1), z: round(z, 2), significant: Math.abs(z) > Z_95 };
}

export async function buildTrend(
  store: ConversationStore,
  survey: Pick<Survey, 'id' | 'scoreBands'>,
  filter: ReportFilter,
  interval: Interval,
): Promise<TrendPoint[]> {
  const rollups = await store.readRollups(survey.id, filter.days);
  let previous: SummaryReport | null = null;
  return groupDays(filter.days, interval).map(({ period, days }) => {
    const summary = summaryOfTally(tallyDays(rollups, days, filter), survey);
    const change = previous ? compareNps(previous, summary) : null;
    previous = summary;
    const { total, promoters, passives, detractors, nps, marginOfError, interval: spread, band } = summary;
    const first = days[0] ?? period;
    const last = days[days.length - 1] ?? period;
    return {
      period,
      from: first,
      to: last,
      total,
      promoters,
      passives,
      detractors,
      nps,
      marginOfError,
      interval: spread,
      band,
      change,
    };
  });
}

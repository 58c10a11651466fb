/**
 * The page's reads: the filters from the page's own address, and the report routes with
 * them. The browser sends the sign-in it gave for the page along with these requests.
 */
import type { ReasonsReport } from '../../reports/reasons.js';
import type { SummaryReport } from '../../reports/summary.js';
import type { TrendPoint } from '../../reports/trend.js';

export const FILTER_NAMES = ['from', 'to', 'channel', 'touchpoint', 'segment'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

export interface Filters {
  values: Partial<Record<FilterName, string>>;
  interval: 'day' | 'week' | 'month';
}

export interface Reports {
  summary: SummaryReport;
  trend: TrendPoint[];
  /** null when the filter has a segment: reason counters are not kept per segment. */
  reasons: ReasonsReport | null;
}

export class ReportProblem extends Error {}

export function readFilters(search: string): Filters {
  const params = new URLSearchParams(search);
  const values: Filters['values'] = {};
  for (const name of FILTER_NAMES) {
    const value = params.get(name)?.trim();
    if (value) values[name] = value;
  }
  const interval = params.get('interval');
  // Weeks by default: enough answers per point for the margin band to mean something.
  return { values, interval: interval === 'day' || interval === 'month' ? interval : 'week' };
}

export function queryOf(values: Filters['values'], extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ ...values, ...extra });
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function read<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const body = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const message = (body as { message?: unknown } | null)?.message;
    throw new ReportProblem(typeof message === 'string' ? message : `the report answered ${response.status}`);
  }
  return body as T;
}

export async function loadReports(filters: Filters): Promise<Reports> {
  const query = queryOf(filters.values);
  const [summary, trend, reasons] = await Promise.all([
    read<SummaryReport>(`/api/reports/summary${query}`),
    read<TrendPoint[]>(`/api/reports/trend${queryOf(filters.values, { interval: filters.interval })}`),
    filters.values.segment ? Promise.resolve(null) : read<ReasonsReport>(`/api/reports/reasons${query}`),
  ]);
  return { summary, trend, reasons };
}

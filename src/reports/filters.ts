/**
 * The filters every report takes from its query string — `from`, `to`, `channel`,
 * `touchpoint`, `segment=key:value` — parsed once into typed values; anything that is not
 * understood is a 400 that names the parameter, never a silently wider report.
 */
import { z } from 'zod';
import { dayOf } from '../engine/response.js';
import { CHANNELS, type Channel } from '../engine/types.js';
import { RequestError } from '../http/errors.js';

export const DAY_MS = 86_400_000;
/** Without `from`, reports cover the last 90 days (today included). */
export const DEFAULT_DAYS = 90;
/** Reports read one counter bucket per day; three years keeps a request bounded. */
export const MAX_DAYS = 3 * 366;

export interface ReportFilter {
  /** Epoch ms, both inclusive. Counter-based reports use the whole UTC days these fall on. */
  from: number;
  to: number;
  /** The UTC days (YYYY-MM-DD) from `from` to `to`. */
  days: string[];
  channel: Channel | null;
  touchpoint: string | null;
  segment: { key: string; value: string } | null;
  /** One wave of a schedule (`<schedule id>:<YYYY-MM-DD>`, docs/schedules.md). */
  wave: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export const filterParams = {
  from: z.string().optional(),
  to: z.string().optional(),
  channel: z.string().optional(),
  touchpoint: z.string().max(100).optional(),
  segment: z.string().max(200).optional(),
  wave: z.string().max(200).optional(),
};

export type FilterParams = { [K in keyof typeof filterParams]?: string | undefined };

/** A date means the whole UTC day: its first millisecond for `from`, its last for `to`. */
function parseTime(name: 'from' | 'to', text: string): number {
  const trimmed = text.trim();
  if (DATE.test(trimmed)) {
    const start = Date.parse(`${trimmed}T00:00:00.000Z`);
    if (!Number.isNaN(start) && dayOf(start) === trimmed) return name === 'from' ? start : start + DAY_MS - 1;
  } else if (ISO_TIME.test(trimmed)) {
    const at = Date.parse(trimmed);
    if (!Number.isNaN(at)) return at;
  }
  throw new RequestError('bad_filter', `${name}: expected a date (2026-01-31) or an ISO 8601 time`);
}

export function daysBetween(from: number, to: number): string[] {
  const days: string[] = [];
  for (let day = Date.parse(`${dayOf(from)}T00:00:00.000Z`); day <= to; day += DAY_MS) days.push(dayOf(day));
  return days;
}

function parseSegment(text: string, segments: readonly string[]): ReportFilter['segment'] {
  const colon = text.indexOf(':');
  const key = colon > 0 ? text.slice(0, colon) : '';
  const value = colon > 0 ? text.slice(colon + 1) : '';
  if (!key || !value) throw new RequestError('bad_filter', 'segment: expected key:value, e.g. plan:pro');
  if (!segments.includes(key)) {
    const known = segments.length > 0 ? `one of ${segments.join(', ')}` : 'none are set in the survey file';
    throw new RequestError('bad_filter', `segment: "${key}" is not a segment key of this survey (${known})`);
  }
  return { key, value };
}

function parseChannel(text: string): Channel {
  const parsed = z.enum(CHANNELS).safeParse(text);
  if (!parsed.success) throw new RequestError('bad_filter', `channel: expected one of ${CHANNELS.join(', ')}`);
  return parsed.data;
}

/** Builds the filter; empty parameters count as absent, as a form with "all" selected sends them. */
export function parseFilter(params: FilterParams, segments: readonly string[], now: number): ReportFilter {
  const given = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
  const to = given(params.to) === undefined ? now : parseTime('to', params.to as string);
  const from =
    given(params.from) === undefined
      ? Date.parse(`${dayOf(to)}T00:00:00.000Z`) - (DEFAULT_DAYS - 1) * DAY_MS
      : parseTime('from', params.from as string);
  if (from > to) throw new RequestError('bad_filter', 'from: must not be after to');
  const days = daysBetween(from, to);
  if (days.length > MAX_DAYS) {
    throw new RequestError('bad_filter', `from: a report covers at most ${MAX_DAYS} days; narrow from/to`);
  }
  const channel = given(params.channel);
  const segment = given(params.segment);
  return {
    from,
    to,
    days,
    channel: channel === undefined ? null : parseChannel(channel),
    touchpoint: given(params.touchpoint) ?? null,
    segment: segment === undefined ? null : parseSegment(segment, segments),
    wave: given(params.wave) ?? null,
  };
}

/** Reads a query object with zod: unknown or repeated parameters are a 400 naming them. */
export function parseQuery<T extends z.ZodRawShape>(shape: T, query: unknown): z.infer<z.ZodObject<T>> {
  const parsed = z.strictObject(shape).safeParse(query ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    throw new RequestError('bad_filter', `unknown parameter: ${issue.keys.join(', ')}`);
  }
  const name = issue?.path.join('.') || 'query';
  throw new RequestError('bad_filter', `${name}: ${issue?.message ?? 'invalid'} (give it once, as text)`);
}

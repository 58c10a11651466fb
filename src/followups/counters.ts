/**
 * The follow-up counters (docs/reports.md, "Follow-up figures"): what a follow-up adds to the
 * day it was opened, kept in that day's report counter hash next to the score counters and
 * sliced the same way (channel, counted touchpoint, counted segment value). A follow-up's
 * contribution is a pure function of its record, so each write moves the counters by the
 * difference between the record before and after, as `rollupChanges` does for responses, and
 * the changes ride the write that changes the record (a turn's commit, `updateFollowUp`).
 *
 *   fu|opened|<channel>|<touchpoint>                 every follow-up
 *   fu|resolved|<channel>|<touchpoint>               while resolved
 *   fu|waiting|<channel>|<touchpoint>|<due hour>     while unresolved and never answered (hours since the epoch)
 *   fu|reply|<channel>|<touchpoint>|<tenths>         once answered: opening → first reply, in `minuteBucket` tenths of a minute
 *   fu|resolve|<channel>|<touchpoint>|<tenths>       while resolved: opening → resolution
 *   fusegment|<key>:<value>|<metric>|…               the same again for each segment the survey file counts
 */
import {
  type CountedValues,
  countedSegmentValue,
  countedTouchpoint,
  counterDifference,
  counterField,
  dayOf,
} from '../engine/response.js';
import type { CounterScope } from '../reports/counters.js';
import type { RollupDelta } from '../store/types.js';
import type { StoredFollowUp } from './types.js';

const HOUR_MS = 3_600_000;
const TENTH_MINUTE_MS = 6_000;

const METRICS = ['opened', 'resolved', 'waiting', 'reply', 'resolve'] as const;
type Metric = (typeof METRICS)[number];

/**
 * A duration in tenths of a minute, rounded toward zero to three significant figures but never
 * finer than a tenth: exact below 100 minutes (to the tenth) and for whole minutes below 1,000;
 * otherwise at most 1% short. A few thousand values at most, so a day's histogram stays small.
 */
export function minuteBucket(ms: number): number {
  const tenths = Math.trunc(ms / TENTH_MINUTE_MS);
  const size = Math.abs(tenths);
  if (size < 1000) return tenths;
  const step = 10 ** (String(size).length - 3);
  return Math.sign(tenths) * Math.trunc(size / step) * step;
}

/** The hour (since the epoch) a follow-up's promise runs out in. */
export const dueHourOf = (dueAtMs: number): number => Math.floor(dueAtMs / HOUR_MS);

/** Where a follow-up is counted: its channel, counted touchpoint and counted segments (`key:value`). */
export interface FollowUpSlice {
  channel: string;
  touchpoint: string;
  segments: string[];
}

export function sliceOf(followUp: StoredFollowUp, counted: CountedValues): FollowUpSlice {
  const segments: string[] = [];
  for (const key of counted.segments) {
    const value = Object.hasOwn(followUp.properties, key) ? followUp.properties[key] : undefined;
    if (value !== undefined) segments.push(`${key}:${countedSegmentValue(counted, key, value)}`);
  }
  return { channel: followUp.channel, touchpoint: countedTouchpoint(counted, followUp.touchpoint), segments };
}

/** Does a follow-up of this slice count in the filter's scope (as `addDay` reads score counters)? */
export function inScope(slice: FollowUpSlice, scope: CounterScope): boolean {
  if (scope.channel !== null && slice.channel !== scope.channel) return false;
  if (scope.touchpoint !== null && slice.touchpoint !== scope.touchpoint) return false;
  return scope.segment === null || slice.segments.includes(`${scope.segment.key}:${scope.segment.value}`);
}

/** The metrics a follow-up in this state counts under, each with its extra part (due hour, bucket). */
function metricsOf(followUp: StoredFollowUp): [Metric, number | null][] {
  const opened = Date.parse(followUp.openedAt);
  const resolved = followUp.status === 'resolved';
  const metrics: [Metric, number | null][] = [['opened', null]];
  if (resolved) metrics.push(['resolved', null]);
  if (!resolved && followUp.firstReplyAt === null) metrics.push(['waiting', dueHourOf(Date.parse(followUp.dueAt))]);
  if (followUp.firstReplyAt !== null) metrics.push(['reply', minuteBucket(Date.parse(followUp.firstReplyAt) - opened)]);
  if (resolved && followUp.resolvedAt !== null) {
    metrics.push(['resolve', minuteBucket(Date.parse(followUp.resolvedAt) - opened)]);
  }
  return metrics;
}

/** The counters one follow-up contributes to, each with +1. */
function countersOf(followUp: StoredFollowUp, counted: CountedValues): RollupDelta[] {
  const day = dayOf(Date.parse(followUp.openedAt));
  const slice = sliceOf(followUp, counted);
  const at = (field: string): RollupDelta => ({ surveyId: followUp.surveyId, day, field, by: 1 });
  const counters: RollupDelta[] = [];
  for (const [metric, extra] of metricsOf(followUp)) {
    const tail = extra === null ? [] : [extra];
    counters.push(at(counterField('fu', metric, slice.channel, slice.touchpoint, ...tail)));
    for (const segment of slice.segments) {
      counters.push(at(counterField('fusegment', segment, metric, slice.channel, slice.touchpoint, ...tail)));
    }
  }
  return counters;
}

/** The counter changes that take a follow-up from `before` (null: not yet opened) to `after`. */
export function followUpCounterChanges(
  before: StoredFollowUp | null,
  after: StoredFollowUp | null,
  counted: CountedValues,
): RollupDelta[] {
  return counterDifference(before ? countersOf(before, counted) : [], after ? countersOf(after, counted) : []);
}

interface FollowUpField {
  segment: string | null;
  metric: Metric;
  channel: string;
  touchpoint: string;
  extra: number | null;
}

const isMetric = (text: string): text is Metric => (METRICS as readonly string[]).includes(text);

function parseField(name: string): FollowUpField | null {
  if (!name.startsWith('fu')) return null;
  const parts = name.split('|').map((part) => decodeURIComponent(part));
  const kind = parts[0];
  const segment = kind === 'fusegment' ? (parts[1] ?? '') : null;
  if (kind !== 'fu' && kind !== 'fusegment') return null;
  const [metric = '', channel = '', touchpoint = '', extraText] = parts.slice(segment === null ? 1 : 2);
  if (!isMetric(metric)) return null;
  const wantsExtra = metric === 'waiting' || metric === 'reply' || metric === 'resolve';
  const extra = extraText === undefined ? null : Number(extraText);
  if (wantsExtra !== (extra !== null) || (extra !== null && !Number.isInteger(extra))) return null;
  return { segment, metric, channel, touchpoint, extra };
}

/** Field names repeat across days and requests; their parse is remembered, within a bound. */
const PARSED_LIMIT = 50_000;
const parsed = new Map<string, FollowUpField | null>();

function parseFollowUpField(name: string): FollowUpField | null {
  let result = parsed.get(name);
  if (result === undefined) {
    try {
      result = parseField(name);
    } catch {
      result = null; // a malformed %-escape
    }
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    parsed.set(name, result);
  }
  return result;
}

/** What the counters of some days add up to, for one scope. */
export interface FollowUpTally {
  opened: number;
  resolved: number;
  /** Due hour → follow-ups still waiting for a first reply. */
  waiting: Map<number, number>;
  /** Tenths of a minute → how many: opening to first reply, and to resolution. */
  reply: Map<number, number>;
  resolve: Map<number, number>;
}

export function emptyFollowUpTally(): FollowUpTally {
  return { opened: 0, resolved: 0, waiting: new Map(), reply: new Map(), resolve: new Map() };
}

const bump = (into: Map<number, number>, key: number, by: number) => into.set(key, (into.get(key) ?? 0) + by);

/** Adds one day's follow-up counters (the day's other counters are skipped). */
export function addFollowUpDay(tally: FollowUpTally, counters: ReadonlyMap<string, number>, scope: CounterScope): void {
  const segment = scope.segment ? `${scope.segment.key}:${scope.segment.value}` : null;
  for (const [name, count] of counters) {
    const field = parseFollowUpField(name);
    if (!field || field.segment !== segment) continue;
    if (scope.channel !== null && field.channel !== scope.channel) continue;
    if (scope.touchpoint !== null && field.touchpoint !== scope.touchpoint) continue;
    if (field.metric === 'opened') tally.opened += count;
    else if (field.metric === 'resolved') tally.resolved += count;
    else if (field.extra !== null) bump(tally[field.metric], field.extra, count);
  }
}

/** The median of a histogram in tenths of a minute, in minutes to one decimal; null when empty. */
export function histogramMedian(histogram: ReadonlyMap<number, number>): number | null {
  const buckets = [...histogram].filter(([, count]) => count > 0).sort(([a], [b]) => a - b);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const valueAt = (index: number): number => {
    let seen = 0;
    for (const [value, count] of buckets) {
      seen += count;
      if (index < seen) return value;
    }
    return buckets[buckets.length - 1]?.[0] ?? 0;
  };
  const middle = Math.floor(total / 2);
  const tenths = total % 2 === 1 ? valueAt(middle) : (valueAt(middle - 1) + valueAt(middle)) / 2;
  return Math.round(tenths) / 10;
}

/**
 * Reading the report counters the engine writes with each turn (see `rollupChanges`): a
 * counter's field name is parsed back into what it counts, and a day's counters are added
 * into a `Tally` for the filter at hand. Reports never read responses to count.
 */
import { type Category, OTHER_VALUE } from '../../dialogs/index.js';
import { countedValuesOf } from '../engine/response.js';
import { RequestError } from '../http/errors.js';
import type { ReportFilter } from './filters.js';

export const CATEGORIES: readonly Category[] = ['detractor', 'passive', 'promoter'];

type PlainCounterField =
  | { kind: 'score'; channel: string; touchpoint: string; score: number }
  | { kind: 'sent' | 'answered' | 'completed'; channel: string; touchpoint: string }
  | { kind: 'area' | 'theme'; channel: string; touchpoint: string; category: Category; name: string }
  | { kind: 'segment'; segment: string; channel: string; touchpoint: string; score: number };

/** `wave`: the schedule's wave a copy of a counter belongs to (`wave|<wave>|…`), null for the plain counter. */
export type CounterField = PlainCounterField & { wave: string | null };

export type CategoryCounts = Record<Category, number>;

export interface Tally {
  /** Answers per score 0–10. */
  scores: number[];
  sent: number;
  answered: number;
  completed: number;
  /** Detractor area (or theme) → answers per category. */
  areas: Map<string, CategoryCounts>;
  themes: Map<string, CategoryCounts>;
}

export type CounterScope = Pick<ReportFilter, 'channel' | 'touchpoint' | 'segment'> & { wave?: string | null };

/**
 * The counters a filter reads. A touchpoint or segment value the survey file lists has its
 * own; `other` reads every value not listed, together. Any other value has no counters of its
 * own, so a report filtered by it would be someone else's numbers: a 400 that says so
 * (docs/reports.md, "Filters"). The listing and the CSV filter the real values.
 */
export function counterScopeOf(filter: ReportFilter, survey: Parameters<typeof countedValuesOf>[0]): CounterScope {
  const counted = countedValuesOf(survey);
  const { touchpoint, segment } = filter;
  if (touchpoint !== null && touchpoint !== OTHER_VALUE && !counted.touchpoints.has(touchpoint)) {
    throw notCounted('touchpoint', touchpoint, [...counted.touchpoints]);
  }
  if (
    segment !== null &&
    segment.value !== OTHER_VALUE &&
    !counted.segmentValues.get(segment.key)?.has(segment.value)
  ) {
    throw notCounted('segment', `${segment.key}:${segment.value}`, [...(counted.segmentValues.get(segment.key) ?? [])]);
  }
  return { channel: filter.channel, touchpoint, segment, wave: filter.wave };
}

function notCounted(name: 'touchpoint' | 'segment', value: string, listed: readonly string[]): RequestError {
  const field = name === 'touchpoint' ? 'touchpoints' : `segmentValues.${value.split(':')[0]}`;
  const other = name === 'touchpoint' ? 'touchpoint=other' : `segment=${value.split(':')[0]}:other`;
  return new RequestError(
    'bad_filter',
    `${name}: "${value}" has no report counters of its own (the survey file's ${field}: ${listed.join(', ') || 'none'}); ` +
      `values not listed are counted together as ${other}, and /api/responses lists answers by their real ${name}`,
  );
}

const isCategory = (text: string): text is Category => (CATEGORIES as readonly string[]).includes(text);

function parseScore(text: string | undefined): number | null {
  const score = Number(text);
  return text !== undefined && Number.isInteger(score) && score >= 0 && score <= 10 ? score : null;
}

function parseField(field: string): CounterField | null {
  if (field.startsWith('wave|')) {
    const [, wave = '', ...rest] = field.split('|');
    const plain = parsePlainField(rest.join('|'));
    return plain && wave ? { ...plain, wave: decodeURIComponent(wave) } : null;
  }
  const plain = parsePlainField(field);
  return plain ? { ...plain, wave: null } : null;
}

function parsePlainField(field: string): PlainCounterField | null {
  const parts = field.split('|').map((part) => decodeURIComponent(part));
  const [kind, a = '', b = '', c = '', d = ''] = parts;
  if (kind === 'score' && parts.length === 4) {
    const score = parseScore(c);
    return score === null ? null : { kind, channel: a, touchpoint: b, score };
  }
  if ((kind === 'sent' || kind === 'answered' || kind === 'completed') && parts.length === 3) {
    return { kind, channel: a, touchpoint: b };
  }
  if ((kind === 'area' || kind === 'theme') && parts.length === 5 && isCategory(c)) {
    return { kind, channel: a, touchpoint: b, category: c, name: d };
  }
  if (kind === 'segment' && parts.length === 5) {
    const score = parseScore(d);
    return score === null ? null : { kind, segment: a, channel: b, touchpoint: c, score };
  }
  // A counter this version does not know (written by a newer one) is left out, not misread.
  return null;
}

/**
 * Field names repeat across days and requests (a few hundred distinct ones per survey), so
 * their parse is remembered; the bound keeps a flood of odd touchpoints from growing it forever.
 */
const PARSED_LIMIT = 50_000;
const parsed = new Map<string, CounterField | null>();

export function parseCounterField(field: string): CounterField | null {
  let result = parsed.get(field);
  if (result === undefined) {
    try {
      result = parseField(field);
    } catch {
      result = null; // a malformed %-escape
    }
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    parsed.set(field, result);
  }
  return result;
}

export function emptyTally(): Tally {
  return {
    scores: new Array<number>(11).fill(0),
    sent: 0,
    answered: 0,
    completed: 0,
    areas: new Map(),
    themes: new Map(),
  };
}

function addByCategory(into: Map<string, CategoryCounts>, name: string, category: Category, count: number): void {
  const counts = into.get(name) ?? { detractor: 0, passive: 0, promoter: 0 };
  counts[category] += count;
  into.set(name, counts);
}

/**
 * Adds one day's counters. With a segment, scores come from the segment's counters; the
 * funnel (sent, answered, completed) has no segment counters and stays that of the rest of the filter.
 */
export function addDay(tally: Tally, counters: ReadonlyMap<string, number>, scope: CounterScope): void {
  const segment = scope.segment ? `${scope.segment.key}:${scope.segment.value}` : null;
  for (const [name, count] of counters) {
    const field = parseCounterField(name);
    if (!field) continue;
    // Filtered to a wave, only that wave's copies count; otherwise only the plain counters.
    if (field.wave !== (scope.wave ?? null)) continue;
    if (scope.channel !== null && field.channel !== scope.channel) continue;
    if (scope.touchpoint !== null && field.touchpoint !== scope.touchpoint) continue;
    switch (field.kind) {
      case 'score':
        if (segment === null) tally.scores[field.score] = (tally.scores[field.score] ?? 0) + count;
        break;
      case 'segment':
        if (field.segment === segment) tally.scores[field.score] = (tally.scores[field.score] ?? 0) + count;
        break;
      case 'area':
        addByCategory(tally.areas, field.name, field.category, count);
        break;
      case 'theme':
        addByCategory(tally.themes, field.name, field.category, count);
        break;
      default:
        tally[field.kind] += count;
    }
  }
}

/** Adds up the counters of the given days (missing days count nothing). */
export function tallyDays(
  rollups: ReadonlyMap<string, ReadonlyMap<string, number>>,
  days: readonly string[],
  scope: CounterScope,
): Tally {
  const tally = emptyTally();
  for (const day of days) {
    const counters = rollups.get(day);
    if (counters) addDay(tally, counters, scope);
  }
  return tally;
}

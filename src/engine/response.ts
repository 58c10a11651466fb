/**
 * The response log's record for a conversation, and the report counters it moves.
 * Both are derived from the conversation record, so a retry or a re-scored answer changes
 * the counters by the difference between before and after, never twice.
 */
import { OTHER_VALUE, type Survey } from '../../dialogs/index.js';
import { reasonThemes } from '../reports/themes.js';
import type { RollupDelta } from '../store/types.js';
import type { ConversationRecord, SurveyResponse } from './types.js';

function iso(ms: number): string;
function iso(ms: number | null): string | null;
function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The response as the API shows it (docs/reports.md); null until a score has been understood. */
export function projectResponse(record: ConversationRecord | null): SurveyResponse | null {
  if (!record) return null;
  const { dialog } = record;
  const { answers } = dialog;
  if (answers.score === null) return null;
  return {
    id: record.responseId,
    surveyId: dialog.surveyId,
    channel: record.person.channel,
    user: record.person.user,
    locale: dialog.locale,
    touchpoint: record.touchpoint,
    properties: record.properties,
    score: answers.score,
    category: answers.category,
    reason: answers.reason,
    area: answers.area,
    contact: answers.contact === true,
    reward: answers.reward,
    status: dialog.completedAt !== null ? 'completed' : 'answered',
    startedAt: iso(dialog.startedAt),
    answeredAt: iso(dialog.answeredAt),
    completedAt: iso(dialog.completedAt),
  };
}

/**
 * The touchpoints and segment values that have counters of their own (docs/survey-file.md,
 * "Report counters"): those the survey file lists, and its schedules' touchpoints. Any other
 * is counted as "other", so a flood of made-up values adds no counters. The stored response
 * keeps the real value for the listing and the CSV.
 */
export interface CountedValues {
  segments: readonly string[];
  touchpoints: ReadonlySet<string>;
  segmentValues: ReadonlyMap<string, ReadonlySet<string>>;
}

export type CountingSurvey = Pick<Survey, 'segments' | 'touchpoints' | 'segmentValues' | 'schedules'>;
const countedBySurvey = new WeakMap<CountingSurvey, CountedValues>();

export function countedValuesOf(survey: CountingSurvey): CountedValues {
  let counted = countedBySurvey.get(survey);
  if (!counted) {
    counted = {
      segments: survey.segments,
      touchpoints: new Set([...survey.touchpoints, ...survey.schedules.map((schedule) => schedule.touchpoint)]),
      segmentValues: new Map(Object.entries(survey.segmentValues).map(([key, values]) => [key, new Set(values)])),
    };
    countedBySurvey.set(survey, counted);
  }
  return counted;
}

/** The touchpoint a counter is kept under: itself when listed, "" for none, else "other". */
export function countedTouchpoint(counted: CountedValues, touchpoint: string | null): string {
  if (touchpoint === null || touchpoint === '') return '';
  return counted.touchpoints.has(touchpoint) ? touchpoint : OTHER_VALUE;
}

/** The value a segment counter is kept under: itself when listed for its key, else "other". */
export function countedSegmentValue(counted: CountedValues, key: string, value: string): string {
  return counted.segmentValues.get(key)?.has(value) ? value : OTHER_VALUE;
}

/** Parts of a counter name, escaped so that a "|" in a touchpoint cannot split it. */
export function counterField(...parts: (string | number | null)[]): string {
  // A lone surrogate (broken UTF-16 from a client) cannot be percent-encoded; it reads as U+FFFD.
  const wellFormed = (text: string) => text.replace(LONE_SURROGATE, '\uFFFD');
  return parts.map((part) => encodeURIComponent(wellFormed(part === null ? '' : String(part)))).join('|');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A scheduled survey (docs/schedules.md) carries its wave in `properties.wave`; each of its
 * counters is kept a second time under `wave|<wave>|…`, so a report filtered to one wave
 * (`wave=`) has its own scores, reasons and funnel.
 */
function withWaveCopies(counters: RollupDelta[], properties: Record<string, string>): RollupDelta[] {
  const wave = properties.wave;
  if (wave === undefined) return counters;
  const prefix = counterField('wave', wave);
  return [...counters, ...counters.map((delta) => ({ ...delta, field: `${prefix}|${delta.field}` }))];
}

/** The counters one response contributes to, each with +1. */
function countersOf(response: SurveyResponse, counted: CountedValues): RollupDelta[] {
  return withWaveCopies(plainCountersOf(response, counted), response.properties);
}

function plainCountersOf(response: SurveyResponse, counted: CountedValues): RollupDelta[] {
  const day = dayOf(Date.parse(response.answeredAt ?? response.startedAt));
  const at = (field: string): RollupDelta => ({ surveyId: response.surveyId, day, field, by: 1 });
  const { channel, score } = response;
  const tp = countedTouchpoint(counted, response.touchpoint);
  const counters = [at(counterField('score', channel, tp, score)), at(counterField('answered', channel, tp))];
  if (response.status === 'completed') counters.push(at(counterField('completed', channel, tp)));
  if (response.area !== null) counters.push(at(counterField('area', channel, tp, response.category, response.area)));
  if (response.reason !== null) {
    for (const theme of reasonThemes(response.reason))
      counters.push(at(counterField('theme', channel, tp, response.category, theme)));
  }
  for (const key of counted.segments) {
    const value = Object.hasOwn(response.properties, key) ? response.properties[key] : undefined;
    if (value === undefined) continue;
    const segment = `${key}:${countedSegmentValue(counted, key, value)}`;
    counters.push(at(counterField('segment', segment, channel, tp, score)));
  }
  return counters;
}

/** The counter changes that take the rollups from `before` to `after`. */
export function rollupChanges(
  before: SurveyResponse | null,
  after: SurveyResponse | null,
  counted: CountedValues,
): RollupDelta[] {
  return counterDifference(before ? countersOf(before, counted) : [], after ? countersOf(after, counted) : []);
}

/** What to add to the counters to go from counting `before` to counting `after` (unchanged counters left out). */
export function counterDifference(before: readonly RollupDelta[], after: readonly RollupDelta[]): RollupDelta[] {
  const sums = new Map<string, RollupDelta>();
  const add = (delta: RollupDelta, sign: number) => {
    const id = `${delta.surveyId}\n${delta.day}\n${delta.field}`;
    const existing = sums.get(id);
    if (existing) existing.by += sign;
    else sums.set(id, { ...delta, by: sign });
  };
  for (const delta of before) add(delta, -1);
  for (const delta of after) add(delta, +1);
  return [...sums.values()].filter((delta) => delta.by !== 0);
}

/** The counters a new conversation adds: one survey sent (and sent in its wave). */
export function sentCounters(record: ConversationRecord, counted: CountedValues): RollupDelta[] {
  const sent = {
    surveyId: record.dialog.surveyId,
    day: dayOf(record.dialog.startedAt),
    field: counterField('sent', record.person.channel, countedTouchpoint(counted, record.touchpoint)),
    by: 1,
  };
  return withWaveCopies([sent], record.properties);
}

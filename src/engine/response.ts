/**
 * The response log's record for a conversation, and the report counters it moves.
 * Both are derived from the conversation record, so a retry or a re-scored answer changes
 * the counters by the difference between before and after, never twice.
 */
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
function countersOf(response: SurveyResponse, segments: readonly string[]): RollupDelta[] {
  return withWaveCopies(plainCountersOf(response, segments), response.properties);
}

function plainCountersOf(response: SurveyResponse, segments: readonly string[]): RollupDelta[] {
  const day = dayOf(Date.parse(response.answeredAt ?? response.startedAt));
  const at = (field: string): RollupDelta => ({ surveyId: response.surveyId, day, field, by: 1 });
  const { channel, touchpoint, score } = response;
  const tp = touchpoint ?? '';
  const counters = [at(counterField('score', channel, tp, score)), at(counterField('answered', channel, tp))];
  if (response.status === 'completed') counters.push(at(counterField('completed', channel, tp)));
  if (response.area !== null) counters.push(at(counterField('area', channel, tp, response.category, response.area)));
  if (response.reason !== null) {
    for (const theme of reasonThemes(response.reason))
      counters.push(at(counterField('theme', channel, tp, response.category, theme)));
  }
  for (const key of segments) {
    const value = Object.hasOwn(response.properties, key) ? response.properties[key] : undefined;
    if (value !== undefined) counters.push(at(counterField('segment', `${key}:${value}`, channel, tp, score)));
  }
  return counters;
}

/** The counter changes that take the rollups from `before` to `after`. */
export function rollupChanges(
  before: SurveyResponse | null,
  after: SurveyResponse | null,
  segments: readonly string[],
): RollupDelta[] {
  const sums = new Map<string, RollupDelta>();
  const add = (delta: RollupDelta, sign: number) => {
    const id = `${delta.surveyId}\n${delta.day}\n${delta.field}`;
    const existing = sums.get(id);
    if (existing) existing.by += sign;
    else sums.set(id, { ...delta, by: sign });
  };
  if (before) for (const delta of countersOf(before, segments)) add(delta, -1);
  if (after) for (const delta of countersOf(after, segments)) add(delta, +1);
  return [...sums.values()].filter((delta) => delta.by !== 0);
}

/** The counters a new conversation adds: one survey sent (and sent in its wave). */
export function sentCounters(record: ConversationRecord): RollupDelta[] {
  const sent = {
    surveyId: record.dialog.surveyId,
    day: dayOf(record.dialog.startedAt),
    field: counterField('sent', record.person.channel, record.touchpoint ?? ''),
    by: 1,
  };
  return withWaveCopies([sent], record.properties);
}

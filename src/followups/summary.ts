/**
 * The summary's `followUps` block (docs/reports.md): for the follow-ups opened within the
 * report's filter (survey, the whole UTC days of from/to, channel, touchpoint, segment), how
 * many are open (not yet resolved), overdue (unanswered past their promise), resolved, and the
 * median minutes from opening to the first agent reply and to resolution.
 *
 * Read from the follow-up counters (counters.ts) in the day hashes the score is read from, so
 * the cost does not grow with the follow-ups stored. Two parts read records, both bounded:
 *   - days up to the one the store began counting on (`followUpCountersSince`) hold follow-ups
 *     opened before there were counters; their records are counted the same way instead;
 *   - the follow-ups due in the current hour (not whole hours of counters) tell which of that
 *     hour's unanswered ones are overdue already.
 */
import { z } from 'zod';
import { countedValuesOf, dayOf } from '../engine/response.js';
import { type CounterScope, counterScopeOf } from '../reports/counters.js';
import type { ReportFilter } from '../reports/filters.js';
import type { ReportedSurvey } from '../reports/summary.js';
import type { FollowUpCursor } from '../store/follow-ups.js';
import type { ConversationStore } from '../store/types.js';
import {
  addFollowUpDay,
  dueHourOf,
  emptyFollowUpTally,
  type FollowUpTally,
  followUpCounterChanges,
  histogramMedian,
  inScope,
  sliceOf,
} from './counters.js';
import { isOverdue } from './rules.js';
import type { StoredFollowUp } from './types.js';

export const followUpFiguresSchema = z.object({
  open: z.number().int(),
  overdue: z.number().int(),
  resolved: z.number().int(),
  medianMinutesToFirstReply: z.number().nullable(),
  medianMinutesToResolve: z.number().nullable(),
});
export type FollowUpFigures = z.infer<typeof followUpFiguresSchema>;

const PAGE = 1000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

type Rollups = ReadonlyMap<string, ReadonlyMap<string, number>>;
type CountingSurvey = Pick<ReportedSurvey, 'id' | 'segments' | 'touchpoints' | 'segmentValues' | 'schedules'>;

/**
 * `rollups`: the day counters of `filter.days`, when the caller reads them anyway (the summary's
 * score does), so the follow-ups add no read of their own.
 */
export async function followUpFigures(
  store: ConversationStore,
  survey: CountingSurvey,
  filter: ReportFilter,
  now: number,
  rollups?: Promise<Rollups>,
): Promise<FollowUpFigures> {
  const scope = counterScopeOf(filter, survey);
  const days = new Set(filter.days);
  const [since, counters, dueThisHour] = await Promise.all([
    store.followUpCountersSince(now),
    rollups ?? store.readRollups(survey.id, filter.days),
    dueWithinHour(store, now),
  ]);
  const sinceDay = dayOf(since);
  const tally = emptyFollowUpTally();
  for (const day of filter.days) {
    const dayCounters = counters.get(day);
    if (day > sinceDay && dayCounters) addFollowUpDay(tally, dayCounters, scope);
  }
  const uncounted = filter.days.filter((day) => day <= sinceDay);
  if (uncounted.length > 0) await countRecords(store, survey, uncounted, scope, tally);

  const thisHour = dueHourOf(now);
  let overdue = 0;
  for (const [hour, count] of tally.waiting) if (hour < thisHour) overdue += count;
  const counted = countedValuesOf(survey);
  for (const followUp of dueThisHour) {
    if (followUp.surveyId !== survey.id || !days.has(dayOf(Date.parse(followUp.openedAt)))) continue;
    if (isOverdue(followUp, now) && inScope(sliceOf(followUp, counted), scope)) overdue += 1;
  }
  return {
    open: tally.opened - tally.resolved,
    // Counters and records agree unless the survey file moved a value between slices meanwhile.
    overdue: Math.max(0, overdue),
    resolved: tally.resolved,
    medianMinutesToFirstReply: histogramMedian(tally.reply),
    medianMinutesToResolve: histogramMedian(tally.resolve),
  };
}

/**
 * Follow-ups opened on days without (complete) counters, counted from their records into the
 * same tally, exactly as their counters would have counted them.
 */
async function countRecords(
  store: ConversationStore,
  survey: CountingSurvey,
  days: readonly string[],
  scope: CounterScope,
  tally: FollowUpTally,
): Promise<void> {
  const counted = countedValuesOf(survey);
  const from = Date.parse(`${days[0]}T00:00:00.000Z`);
  const to = Date.parse(`${days[days.length - 1]}T00:00:00.000Z`) + DAY_MS - 1;
  let after: FollowUpCursor | null = null;
  do {
    const page = await store.listFollowUpsOpened(from, to, after, PAGE);
    const fields = new Map<string, number>();
    for (const followUp of page.followUps) {
      if (followUp.surveyId !== survey.id || !days.includes(dayOf(Date.parse(followUp.openedAt)))) continue;
      for (const { field, by } of followUpCounterChanges(null, followUp, counted)) {
        fields.set(field, (fields.get(field) ?? 0) + by);
      }
    }
    addFollowUpDay(tally, fields, scope);
    after = page.next;
  } while (after);
}

/** The unresolved follow-ups due from the start of the current hour up to `now`. */
async function dueWithinHour(store: ConversationStore, now: number): Promise<StoredFollowUp[]> {
  const found: StoredFollowUp[] = [];
  let after: FollowUpCursor | null = { at: Math.floor(now / HOUR_MS) * HOUR_MS, id: '' };
  while (after) {
    const page = await store.listFollowUps({ statuses: ['open', 'claimed'], after, limit: PAGE, until: now });
    found.push(...page.followUps);
    after = page.next;
  }
  return found;
}

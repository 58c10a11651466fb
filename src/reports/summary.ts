/**
 * The summary (docs/reports.md): counts by category, NPS with its 95% interval and band, the 11-row
 * distribution and the response funnel — all from the day counters, never from responses.
 */

import { z } from 'zod';
import type { Survey } from '../../dialogs/index.js';
import { followUpFigures, followUpFiguresSchema } from '../followups/summary.js';
import { npsSummarySchema, summariseScores } from '../nps.js';
import type { ConversationStore } from '../store/types.js';
import { counterScopeOf, type Tally, tallyDays } from './counters.js';
import type { ReportFilter } from './filters.js';

export const summaryReportSchema = npsSummarySchema
  .extend({
    /** Surveys started, answered (a score understood) and completed, in the filter's days. */
    responseRate: z.object({ sent: z.number().int(), answered: z.number().int(), completed: z.number().int() }),
    /** The follow-ups opened in the filter's range (docs/closing-the-loop.md). */
    followUps: followUpFiguresSchema.optional(),
  })
  .meta({ id: 'Summary' });
export type SummaryReport = z.infer<typeof summaryReportSchema>;

/** What a counter-based report needs of the survey: its id, bands, and which values have counters. */
export type ReportedSurvey = Pick<
  Survey,
  'id' | 'scoreBands' | 'segments' | 'touchpoints' | 'segmentValues' | 'schedules'
>;

/** The survey's own bands decide who is a promoter (9–10 unless the survey file says otherwise). */
export function bandsOf(survey: Pick<Survey, 'scoreBands'>): { passiveFrom: number; promoterFrom: number } {
  return { passiveFrom: survey.scoreBands.passive[0], promoterFrom: survey.scoreBands.promoter[0] };
}

export function summaryOfTally(tally: Tally, survey: Pick<Survey, 'scoreBands'>): SummaryReport {
  return {
    // An erasure takes back exactly what was counted (docs/architecture.md), so no count goes below zero.
    ...summariseScores(tally.scores, bandsOf(survey)),
    responseRate: { sent: tally.sent, answered: tally.answered, completed: tally.completed },
  };
}

export async function buildSummary(
  store: ConversationStore,
  survey: ReportedSurvey,
  filter: ReportFilter,
  now: number = Date.now(),
): Promise<SummaryReport> {
  const scope = counterScopeOf(filter, survey);
  // One read of the day counters serves both: the follow-up counters live in the same hashes.
  const read = store.readRollups(survey.id, filter.days);
  const [rollups, followUps] = await Promise.all([read, followUpFigures(store, survey, filter, now, read)]);
  return { ...summaryOfTally(tallyDays(rollups, filter.days, scope), survey), followUps };
}

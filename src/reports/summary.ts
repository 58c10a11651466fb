/**
 * The summary (docs/reports.md): counts by category, NPS with its 95% interval and band, the 11-row
 * distribution and the response funnel — all from the day counters, never from responses.
 */
import type { Survey } from '../../dialogs/index.js';
import { type FollowUpFigures, followUpFigures } from '../followups/summary.js';
import { type NpsSummary, summariseScores } from '../nps.js';
import type { ConversationStore } from '../store/types.js';
import { type Tally, tallyDays } from './counters.js';
import type { ReportFilter } from './filters.js';

export interface SummaryReport extends NpsSummary {
  /** Surveys started, answered (a score understood) and completed, in the filter's days. */
  responseRate: { sent: number; answered: number; completed: number };
  /** The follow-ups opened in the filter's range (docs/closing-the-loop.md). */
  followUps?: FollowUpFigures;
}

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
  survey: Pick<Survey, 'id' | 'scoreBands'>,
  filter: ReportFilter,
  now: number = Date.now(),
): Promise<SummaryReport> {
  const [rollups, followUps] = await Promise.all([
    store.readRollups(survey.id, filter.days),
    followUpFigures(store, survey.id, filter, now),
  ]);
  return { ...summaryOfTally(tallyDays(rollups, filter.days, filter), survey), followUps };
}

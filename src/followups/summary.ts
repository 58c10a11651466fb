/**
 * The summary's `followUps` block (docs/reports.md): for the follow-ups opened within the
 * report's filter (survey, from/to, channel, touchpoint, segment), how many are open (not yet
 * resolved), overdue (unanswered past their promise), resolved, and the median minutes from
 * opening to the first agent reply and to resolution.
 */
import { z } from 'zod';
import type { ReportFilter } from '../reports/filters.js';
import type { FollowUpCursor } from '../store/follow-ups.js';
import type { ConversationStore } from '../store/types.js';
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
const MINUTE_MS = 60_000;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return Math.round(value * 10) / 10;
}

export function figuresOf(followUps: readonly StoredFollowUp[], now: number): FollowUpFigures {
  const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / MINUTE_MS;
  return {
    open: followUps.filter((f) => f.status !== 'resolved').length,
    overdue: followUps.filter((f) => isOverdue(f, now)).length,
    resolved: followUps.filter((f) => f.status === 'resolved').length,
    medianMinutesToFirstReply: median(
      followUps.flatMap((f) => (f.firstReplyAt ? [minutesBetween(f.openedAt, f.firstReplyAt)] : [])),
    ),
    medianMinutesToResolve: median(
      followUps.flatMap((f) =>
        f.status === 'resolved' && f.resolvedAt ? [minutesBetween(f.openedAt, f.resolvedAt)] : [],
      ),
    ),
  };
}

function matches(followUp: StoredFollowUp, surveyId: string, filter: ReportFilter): boolean {
  return (
    followUp.surveyId === surveyId &&
    (filter.channel === null || followUp.channel === filter.channel) &&
    (filter.touchpoint === null || followUp.touchpoint === filter.touchpoint) &&
    (filter.segment === null || followUp.properties[filter.segment.key] === filter.segment.value)
  );
}

export async function followUpFigures(
  store: ConversationStore,
  surveyId: string,
  filter: ReportFilter,
  now: number,
): Promise<FollowUpFigures> {
  const found: StoredFollowUp[] = [];
  let after: FollowUpCursor | null = null;
  do {
    const page = await store.listFollowUpsOpened(filter.from, filter.to, after, PAGE);
    found.push(...page.followUps.filter((followUp) => matches(followUp, surveyId, filter)));
    after = page.next;
  } while (after);
  return figuresOf(found, now);
}

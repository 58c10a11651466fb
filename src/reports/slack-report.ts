/**
 * The summary as plain text lines, for `/nps report` in Slack (or any chat): only people
 * listed under `admins` in the survey file see numbers.
 */
import type { Survey } from '../../dialogs/index.js';
import { BAND_NAMES, certainBand } from '../nps.js';
import type { ConversationStore } from '../store/types.js';
import { DEFAULT_DAYS, parseFilter, type ReportFilter } from './filters.js';
import { buildSummary, type SummaryReport } from './summary.js';

const percent = (count: number, of: number) => (of > 0 ? `${Math.round((count / of) * 100)}%` : '–');

/**
 * Lines such as "NPS 50.0 ± 13.1 (35.5 to 61.6: excellent) from 100 answers", in English. The
 * band is named only when the whole 95% interval lies in it (docs/reports.md).
 */
export function summaryLines(summary: SummaryReport, filter: Pick<ReportFilter, 'days'>): string[] {
  const first = filter.days[0] ?? '';
  const last = filter.days[filter.days.length - 1] ?? '';
  const heading = `NPS report, ${first} to ${last} (UTC)`;
  if (summary.total === 0 || summary.nps === null) return [heading, 'No answers in this period yet.'];
  const { total, promoters, passives, detractors, nps, marginOfError, interval } = summary;
  const { sent, answered, completed } = summary.responseRate;
  const band = interval ? certainBand(interval) : null;
  const range = interval ? `${interval.low.toFixed(1)} to ${interval.high.toFixed(1)}` : '';
  return [
    heading,
    `NPS ${nps.toFixed(1)} ± ${(marginOfError ?? 0).toFixed(1)} (${range}: ${band ? BAND_NAMES[band] : 'too few answers to call a band'}) from ${total} answers`,
    `Promoters ${promoters} (${percent(promoters, total)}) · Passives ${passives} (${percent(passives, total)}) · Detractors ${detractors} (${percent(detractors, total)})`,
    `Surveys sent ${sent} · answered ${answered} (${percent(answered, sent)}) · completed ${completed} (${percent(completed, sent)})`,
  ];
}

export interface SlackReportDependencies {
  store: ConversationStore;
  survey: Survey;
  clock?: () => number;
}

/**
 * The `report` option of the Slack adapter: the last 90 days for a Slack user id listed in
 * the survey's `admins.slack`, a polite refusal for anyone else.
 */
export function slackReport({ store, survey, clock = Date.now }: SlackReportDependencies) {
  return async (userId: string): Promise<string> => {
    if (!(survey.admins.slack ?? []).includes(userId)) {
      return 'Reports are for survey admins. Ask an admin to add your Slack user id under admins.slack in the survey file.';
    }
    const filter = parseFilter({}, survey.segments, clock());
    const summary = await buildSummary(store, survey, filter);
    return [...summaryLines(summary, filter), `Last ${DEFAULT_DAYS} days; charts on /dashboard.`].join('\n');
  };
}

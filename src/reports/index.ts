/**
 * Reports: what operators read out of the response log and its day counters — the summary,
 * the trend with its significance test, the reasons (themes and detractor areas), the
 * responses listing and CSV export, and the same summary as text for chat. Depends on the
 * store contract and the NPS arithmetic; nothing here writes.
 */
export { mountReports, type ReportDependencies } from './routes.js';
export { slackReport, summaryLines } from './slack-report.js';
export { buildSummary, type SummaryReport } from './summary.js';
export { reasonThemes, THEMES, type Theme } from './themes.js';

/**
 * The dashboard's script: reads the filters from the address, fills the form with them,
 * loads the reports and draws them, and the follow-ups queue beside them. `data-state` on <body> says when it is done, for tests.
 */
import type { DashboardConfig } from '../page.js';
import { FILTER_NAMES, loadReports, queryOf, readFilters } from './api.js';
import { drawDistribution, drawFunnel, drawThemes, drawTrend } from './charts.js';
import { showQueue } from './follow-ups.js';
import { fromFirstAnswer } from './periods.js';
import { element, renderHeadline, renderRange, renderReasons, showProblem } from './render.js';

function fillForm(form: HTMLFormElement, filters: ReturnType<typeof readFilters>): void {
  for (const name of FILTER_NAMES) {
    const field = form.elements.namedItem(name);
    if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement)
      field.value = filters.values[name] ?? '';
  }
  const interval = form.elements.namedItem('interval');
  if (interval instanceof HTMLSelectElement) interval.value = filters.interval;
}

async function show(): Promise<void> {
  const config = JSON.parse(element('dashboard-config').textContent ?? '{}') as DashboardConfig;
  const filters = readFilters(window.location.search);
  fillForm(element('filters') as HTMLFormElement, filters);
  (element('csv') as HTMLAnchorElement).href = `/api/responses.csv${queryOf(filters.values)}`;
  const reports = await loadReports(filters);
  const shown = fromFirstAnswer(reports.trend);
  renderHeadline(reports.summary);
  renderRange(reports.trend, shown);
  renderReasons(reports.reasons, config);
  drawTrend(element('trend-chart') as HTMLCanvasElement, shown);
  drawDistribution(element('distribution-chart') as HTMLCanvasElement, reports.summary, config);
  drawFunnel(element('funnel-chart') as HTMLCanvasElement, reports.summary.responseRate);
  if (reports.reasons) drawThemes(element('themes-chart') as HTMLCanvasElement, reports.reasons);
}

/** Ends the session (the server clears its cookie) and goes back to the sign-in page. */
document.getElementById('sign-out')?.addEventListener('click', () => {
  void fetch('/dashboard/session', { method: 'DELETE' }).finally(() => window.location.assign('/dashboard'));
});

Promise.all([show(), showQueue()]).then(
  () => {
    document.body.dataset.state = 'ready';
  },
  (error: unknown) => {
    showProblem(error instanceof Error ? error.message : String(error));
    document.body.dataset.state = 'failed';
  },
);

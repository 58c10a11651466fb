/**
 * The dashboard's HTML: a header with the sections' links, and in <main> the filter form (a
 * plain GET form, so a filtered view is a link that can be shared or reloaded), the follow-ups
 * queue with its open case, and the places the charts draw in. Styles are in styles.ts.
 */
import { detractorAreaLabels, type Survey } from '../../dialogs/index.js';
import { CHANNELS } from '../engine/types.js';
import { DASHBOARD_STYLES } from './styles.js';

/** What the page's script needs to know about the survey, embedded in the page as JSON. */
export interface DashboardConfig {
  surveyId: string;
  segments: string[];
  passiveFrom: number;
  promoterFrom: number;
  /** The survey's default locale: the language the area labels below are in. */
  locale: string;
  /** Detractor area id → its label in `locale`. */
  areaLabels: Record<string, string>;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** JSON inside a <script> element: "<" escaped so a value cannot close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export function dashboardPage(survey: Survey, { signOut = false }: { signOut?: boolean } = {}): string {
  const channelOptions = CHANNELS.map((channel) => `<option value="${channel}">${channel}</option>`).join('');
  const segmentHint = survey.segments.length > 0 ? `${survey.segments[0]}:…` : 'none configured';
  const config: DashboardConfig = {
    surveyId: survey.id,
    segments: survey.segments,
    passiveFrom: survey.scoreBands.passive[0],
    promoterFrom: survey.scoreBands.promoter[0],
    locale: survey.defaultLocale,
    areaLabels: detractorAreaLabels(survey, survey.defaultLocale),
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>NPS · ${escapeHtml(survey.brand)}</title>
<link rel="icon" href="/favicon.ico">
<style>${DASHBOARD_STYLES}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the reports</a>
<header>
  <h1>NPS · ${escapeHtml(survey.brand)}</h1><span class="range" id="range"></span>
  <nav aria-label="Dashboard sections"><a href="#queue">Follow-ups</a><a href="#score">Score</a><a href="#trend">Trend</a><a href="#reasons">Reasons</a></nav>
  ${signOut ? '<button type="button" id="sign-out">Sign out</button>' : ''}
</header>
<main id="main">
<form id="filters" method="get" action="/dashboard" aria-label="Filters">
  <label>From<input type="date" name="from"></label>
  <label>To<input type="date" name="to"></label>
  <label>Channel<select name="channel"><option value="">all</option>${channelOptions}</select></label>
  <label>Touchpoint<input name="touchpoint" placeholder="all" size="12"></label>
  <label>Segment<input name="segment" placeholder="${escapeHtml(segmentHint)}" size="12"${survey.segments.length === 0 ? ' disabled' : ''}></label>
  <label>Trend by<select name="interval"><option value="day">day</option><option value="week" selected>week</option><option value="month">month</option></select></label>
  <button type="submit">Apply</button>
  <a id="csv" href="/api/responses.csv">Download responses (CSV)</a>
</form>
<div id="problem" role="alert"></div>
<div class="grid">
  <section class="queue" id="queue" aria-labelledby="queue-title"><h2 id="queue-title">Follow-ups</h2>
    <div class="queue-bar"><label>Agent <input id="agent" placeholder="your name" size="16" autocomplete="name"></label><span id="queue-count"></span></div>
    <div class="table-scroll" id="queue-table" role="region" aria-label="Follow-ups to work" tabindex="0" hidden>
      <table><thead><tr><th>Due</th><th>Status</th><th>Customer</th><th>Score</th><th>Reason</th><th>Owner</th></tr></thead><tbody id="queue-rows"></tbody></table>
    </div>
    <div id="case" hidden>
      <h3 id="case-title"></h3>
      <div class="case-grid">
        <div><h4 id="transcript-title">Conversation</h4><ol class="lines" id="case-transcript" tabindex="0" aria-labelledby="transcript-title"></ol></div>
        <div><h4 id="thread-title">Thread</h4><ol class="lines" id="case-thread" tabindex="0" aria-labelledby="thread-title"></ol></div>
      </div>
      <label for="case-text">Reply, note or resolution</label>
      <textarea id="case-text" placeholder="A reply to the customer, an internal note, or the resolution"></textarea>
      <div class="case-actions"><button type="button" data-action="claim">Claim</button><button type="button" data-action="replies">Reply to customer</button><button type="button" data-action="notes">Add note</button><button type="button" data-action="resolve">Resolve</button><button type="button" data-action="reopen">Reopen</button></div>
      <div id="case-problem" role="alert"></div>
    </div>
  </section>
  <section class="headline" id="score" aria-labelledby="score-title"><h2 id="score-title">Net Promoter Score</h2>
    <div class="nps" id="nps">–</div><div class="interval" id="interval"></div><div class="band" id="band">no answers</div>
    <div class="split" id="split"></div><div class="legend" id="categories"></div>
  </section>
  <section class="trend" id="trend" aria-labelledby="trend-title"><h2 id="trend-title">Trend, with its 95% interval</h2><div class="chart"><canvas id="trend-chart" role="img" aria-label="NPS trend"></canvas></div><div class="legend" id="trend-note"></div></section>
  <section class="distribution" aria-labelledby="distribution-title"><h2 id="distribution-title">Scores 0–10</h2><div class="chart"><canvas id="distribution-chart" role="img" aria-label="Score distribution"></canvas></div></section>
  <section class="funnel" aria-labelledby="funnel-title"><h2 id="funnel-title">Response funnel</h2><div class="chart"><canvas id="funnel-chart" role="img" aria-label="Response funnel"></canvas></div></section>
  <section class="reasons" id="reasons" aria-labelledby="reasons-title"><h2 id="reasons-title">Reasons by theme</h2>
    <div class="reasons-grid"><div class="chart"><canvas id="themes-chart" role="img" aria-label="Reasons by theme"></canvas></div>
    <div><ul class="quotes" id="quotes"></ul><div id="quotes-more"></div><div id="areas"></div></div></div>
  </section>
</div>
</main>
<script type="application/json" id="dashboard-config">${scriptJson(config)}</script>
<script src="/dashboard/app.js" defer></script>
</body>
</html>
`;
}

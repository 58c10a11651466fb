/**
 * The dashboard's HTML: the follow-ups queue with its open case, the filter form (a plain GET form, so a filtered view is a link that
 * can be shared or reloaded), the places the charts draw in, and the page's styles.
 */
import type { Survey } from '../../dialogs/index.js';
import { CHANNELS } from '../engine/types.js';

/** What the page's script needs to know about the survey, embedded in the page as JSON. */
export interface DashboardConfig {
  surveyId: string;
  segments: string[];
  passiveFrom: number;
  promoterFrom: number;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** JSON inside a <script> element: "<" escaped so a value cannot close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const STYLES = `
:root { --detractor: #d64545; --passive: #e0a100; --promoter: #2e9e5b; --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC", "Microsoft JhengHei", sans-serif; color: var(--ink); background: #f5f7fa; }
header { display: flex; align-items: baseline; gap: 12px; padding: 16px 24px 8px; }
header h1 { margin: 0; font-size: 20px; }
header .range { color: var(--muted); }
#sign-out { margin-left: auto; font: inherit; padding: 4px 10px; border: 1px solid #cbd2d9; border-radius: 6px; background: #fff; cursor: pointer; }
form { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: end; padding: 8px 24px 16px; }
form label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
form input, form select, form button { font: inherit; padding: 5px 8px; border: 1px solid #cbd2d9; border-radius: 6px; background: #fff; }
form button { background: #3e4c59; color: #fff; border-color: #3e4c59; cursor: pointer; }
form a { margin-left: auto; color: #2f6fb3; }
main { display: grid; grid-template-columns: repeat(12, 1fr); gap: 16px; padding: 0 24px 24px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; min-width: 0; }
section h2 { margin: 0 0 8px; font-size: 13px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.headline { grid-column: span 4; }
.trend { grid-column: span 8; }
.distribution { grid-column: span 6; }
.funnel { grid-column: span 6; }
.reasons { grid-column: span 12; }
.chart { position: relative; height: 260px; }
.nps { font-size: 48px; font-weight: 700; line-height: 1.1; }
.nps small { font-size: 20px; font-weight: 500; color: var(--muted); }
.band { display: inline-block; margin: 6px 0 10px; padding: 2px 10px; border-radius: 999px; font-weight: 600; color: #fff; background: var(--muted); }
.band.needs-work { background: var(--detractor); } .band.good { background: #5c7cfa; } .band.excellent { background: var(--promoter); } .band.world-class { background: #6741d9; }
.split { display: flex; height: 14px; border-radius: 7px; overflow: hidden; background: var(--line); margin: 8px 0; }
.split span { display: block; }
.legend { display: flex; gap: 14px; color: var(--muted); font-size: 13px; flex-wrap: wrap; }
.legend b { color: var(--ink); }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 5px; }
.reasons-grid { display: grid; grid-template-columns: 3fr 2fr; gap: 16px; }
.quotes { max-height: 320px; overflow: auto; margin: 0; padding: 0; list-style: none; }
.quotes li { padding: 6px 0; border-bottom: 1px solid var(--line); }
.quotes .theme { font-weight: 600; }
.quotes q { display: block; color: var(--ink); }
.quotes .who { font-size: 12px; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin-top: 10px; }
td, th { text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--line); font-size: 13px; }
.queue { grid-column: span 12; }
.queue-bar { display: flex; gap: 16px; align-items: center; color: var(--muted); }
.queue-bar input { font: inherit; padding: 4px 8px; border: 1px solid #cbd2d9; border-radius: 6px; }
#queue-rows tr { cursor: pointer; } #queue-rows tr:hover { background: #f0f4f8; }
#queue-rows tr.overdue td:first-child { color: var(--detractor); font-weight: 600; }
#queue-rows td.reason { max-width: 420px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tag { display: inline-block; padding: 0 6px; border-radius: 999px; background: var(--detractor); color: #fff; font-size: 11px; }
#case { margin-top: 12px; border-top: 1px solid var(--line); padding-top: 10px; }
#case h3 { margin: 0 0 8px; font-size: 15px; }
#case h4 { margin: 0 0 4px; font-size: 12px; color: var(--muted); text-transform: uppercase; }
.case-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.lines { list-style: none; margin: 0; padding: 0; max-height: 280px; overflow: auto; }
.lines li { padding: 4px 8px; margin: 3px 0; border-radius: 6px; background: #f5f7fa; }
.lines li.customer { background: #fff4e6; } .lines li.agent { background: #e7f5ff; } .lines li.note { background: #f3f0ff; font-style: italic; }
.lines .who { display: block; font-size: 11px; color: var(--muted); }
.lines .text { white-space: pre-wrap; }
#case-text { width: 100%; min-height: 56px; margin: 10px 0 6px; font: inherit; padding: 6px 8px; border: 1px solid #cbd2d9; border-radius: 6px; }
.case-actions { display: flex; gap: 8px; }
.case-actions button { font: inherit; padding: 5px 12px; border-radius: 6px; border: 1px solid #3e4c59; background: #fff; cursor: pointer; }
.case-actions button[data-action="replies"] { background: #3e4c59; color: #fff; }
.case-actions button:disabled { opacity: .4; cursor: default; }
#case-problem { color: #8a1c1c; margin-top: 6px; }
#problem { display: none; margin: 0 24px 12px; padding: 10px 14px; border-radius: 8px; background: #ffe3e3; color: #8a1c1c; }
#problem.shown { display: block; }
@media (max-width: 900px) { .headline, .trend, .distribution, .funnel { grid-column: span 12; } .reasons-grid { grid-template-columns: 1fr; } }
`;

export function dashboardPage(
  survey: Pick<Survey, 'id' | 'brand' | 'segments' | 'scoreBands'>,
  { signOut = false }: { signOut?: boolean } = {},
): string {
  const channelOptions = CHANNELS.map((channel) => `<option value="${channel}">${channel}</option>`).join('');
  const segmentHint = survey.segments.length > 0 ? `${survey.segments[0]}:…` : 'none configured';
  const config: DashboardConfig = {
    surveyId: survey.id,
    segments: survey.segments,
    passiveFrom: survey.scoreBands.passive[0],
    promoterFrom: survey.scoreBands.promoter[0],
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>NPS · ${escapeHtml(survey.brand)}</title>
<style>${STYLES}</style>
</head>
<body>
<header><h1>NPS · ${escapeHtml(survey.brand)}</h1><span class="range" id="range"></span>${signOut ? '<button type="button" id="sign-out">Sign out</button>' : ''}</header>
<form id="filters" method="get" action="/dashboard">
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
<main>
  <section class="queue" id="queue"><h2>Follow-ups</h2>
    <div class="queue-bar"><label>Agent <input id="agent" placeholder="your name" size="16" autocomplete="name"></label><span id="queue-count"></span></div>
    <table><thead><tr><th>Due</th><th>Status</th><th>Customer</th><th>Score</th><th>Reason</th><th>Owner</th></tr></thead><tbody id="queue-rows"></tbody></table>
    <div id="case" hidden>
      <h3 id="case-title"></h3>
      <div class="case-grid"><div><h4>Conversation</h4><ol class="lines" id="case-transcript"></ol></div><div><h4>Thread</h4><ol class="lines" id="case-thread"></ol></div></div>
      <textarea id="case-text" placeholder="A reply to the customer, an internal note, or the resolution"></textarea>
      <div class="case-actions"><button data-action="claim">Claim</button><button data-action="replies">Reply to customer</button><button data-action="notes">Add note</button><button data-action="resolve">Resolve</button><button data-action="reopen">Reopen</button></div>
      <div id="case-problem" role="alert"></div>
    </div>
  </section>
  <section class="headline"><h2>Net Promoter Score</h2>
    <div class="nps" id="nps">–</div><div class="band" id="band">no answers</div>
    <div class="split" id="split"></div><div class="legend" id="categories"></div>
  </section>
  <section class="trend"><h2>Trend, with 95% margin</h2><div class="chart"><canvas id="trend-chart" aria-label="NPS trend"></canvas></div><div class="legend" id="trend-note"></div></section>
  <section class="distribution"><h2>Scores 0–10</h2><div class="chart"><canvas id="distribution-chart" aria-label="Score distribution"></canvas></div></section>
  <section class="funnel"><h2>Response funnel</h2><div class="chart"><canvas id="funnel-chart" aria-label="Response funnel"></canvas></div></section>
  <section class="reasons"><h2>Reasons by theme</h2>
    <div class="reasons-grid"><div class="chart"><canvas id="themes-chart" aria-label="Reasons by theme"></canvas></div>
    <div><ul class="quotes" id="quotes"></ul><table id="areas"></table></div></div>
  </section>
</main>
<script type="application/json" id="dashboard-config">${scriptJson(config)}</script>
<script src="/dashboard/app.js" defer></script>
</body>
</html>
`;
}

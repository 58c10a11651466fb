/**
 * The dashboard's styles, inline in the page (its Content-Security-Policy allows inline styles
 * only). Text colours meet WCAG 2.2 AA (4.5:1) on their backgrounds — the band badges carry
 * white text, so they are darker than the chart colours; focus is always visible; below
 * 900 px everything stacks in one column, and tables scroll inside their own region.
 */
export const DASHBOARD_STYLES = `
:root { --detractor: #d64545; --passive: #e0a100; --promoter: #2e9e5b; --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --focus: #1a56db; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC", "Microsoft JhengHei", sans-serif; color: var(--ink); background: #f5f7fa; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
@media (prefers-reduced-motion: no-preference) { html { scroll-behavior: smooth; } }
.skip { position: absolute; left: 8px; top: -48px; padding: 8px 12px; background: #fff; color: var(--focus); border-radius: 6px; z-index: 1; }
.skip:focus { top: 8px; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 16px; padding: 16px 24px 8px; }
header h1 { margin: 0; font-size: 20px; }
header .range { color: var(--muted); }
header nav { display: flex; flex-wrap: wrap; gap: 4px 14px; }
header nav a, form a { color: #2f6fb3; padding: 2px 0; }
#sign-out { margin-left: auto; font: inherit; padding: 4px 10px; border: 1px solid #cbd2d9; border-radius: 6px; background: #fff; color: var(--ink); cursor: pointer; }
form#filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: end; padding: 8px 0 16px; }
form#filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
form#filters input, form#filters select, form#filters button { font: inherit; padding: 5px 8px; border: 1px solid #8a949e; border-radius: 6px; background: #fff; color: var(--ink); min-height: 32px; }
form#filters button { background: #3e4c59; color: #fff; border-color: #3e4c59; cursor: pointer; }
form#filters a { margin-left: auto; }
main { padding: 0 24px 24px; }
.grid { display: grid; grid-template-columns: repeat(12, minmax(0, 1fr)); gap: 16px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; min-width: 0; }
section h2 { margin: 0 0 8px; font-size: 13px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.headline { grid-column: span 4; }
.trend { grid-column: span 8; }
.distribution { grid-column: span 6; }
.funnel { grid-column: span 6; }
.reasons { grid-column: span 12; }
.queue { grid-column: span 12; }
.chart { position: relative; height: 260px; }
.nps { font-size: 48px; font-weight: 700; line-height: 1.1; }
.nps small { font-size: 20px; font-weight: 500; color: var(--muted); }
.interval { color: var(--muted); margin-top: 2px; }
.band { display: inline-block; margin: 6px 0 10px; padding: 2px 10px; border-radius: 999px; font-weight: 600; color: #fff; background: #52606d; }
.band.needs-work { background: #b3261e; } .band.good { background: #3451b2; } .band.excellent { background: #1b7340; } .band.world-class { background: #5f3dc4; }
.band.too-few { color: var(--ink); background: #fff; border: 1px dashed #8a949e; font-weight: 500; }
.split { display: flex; height: 14px; border-radius: 7px; overflow: hidden; background: var(--line); margin: 8px 0; }
.split span { display: block; }
.legend { display: flex; gap: 4px 14px; color: var(--muted); font-size: 13px; flex-wrap: wrap; }
.legend b { color: var(--ink); }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 5px; }
.reasons-grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; }
.quotes { margin: 0; padding: 0; list-style: none; }
.quotes li { padding: 6px 0; border-bottom: 1px solid var(--line); }
.quotes .theme { display: inline-block; margin-right: 4px; padding: 0 6px; border-radius: 999px; background: #e4e7eb; font-size: 12px; font-weight: 600; }
.quotes q { display: block; color: var(--ink); }
.quotes .who { font-size: 12px; color: var(--muted); }
.more { margin: 8px 0; font: inherit; padding: 4px 10px; border: 1px solid #8a949e; border-radius: 6px; background: #fff; color: var(--ink); cursor: pointer; }
.empty { color: var(--muted); margin: 8px 0; }
.table-scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; margin-top: 10px; }
td, th { text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--line); font-size: 13px; }
.queue-bar { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; color: var(--muted); }
.queue-bar input { font: inherit; padding: 4px 8px; border: 1px solid #8a949e; border-radius: 6px; }
#queue-rows tr { cursor: pointer; } #queue-rows tr:hover { background: #f0f4f8; }
#queue-rows tr.overdue td:first-child { color: #b3261e; font-weight: 600; }
#queue-rows td.reason { max-width: 420px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
#queue-rows .open-case { font: inherit; color: #2f6fb3; background: none; border: 0; padding: 2px 0; text-decoration: underline; cursor: pointer; text-align: left; }
.tag { display: inline-block; padding: 0 6px; border-radius: 999px; background: #b3261e; color: #fff; font-size: 11px; }
#case { margin-top: 12px; border-top: 1px solid var(--line); padding-top: 10px; }
#case h3 { margin: 0 0 8px; font-size: 15px; }
#case h4 { margin: 0 0 4px; font-size: 12px; color: var(--muted); text-transform: uppercase; }
.case-grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; }
.lines { list-style: none; margin: 0; padding: 0; max-height: 280px; overflow: auto; }
.lines li { padding: 4px 8px; margin: 3px 0; border-radius: 6px; background: #f5f7fa; }
.lines li.customer { background: #fff4e6; } .lines li.agent { background: #e7f5ff; } .lines li.note { background: #f3f0ff; font-style: italic; }
.lines .who { display: block; font-size: 11px; color: #52606d; }
.lines .text { white-space: pre-wrap; overflow-wrap: anywhere; }
#case label[for="case-text"] { display: block; margin-top: 10px; font-size: 12px; color: var(--muted); }
#case-text { width: 100%; min-height: 56px; margin: 2px 0 6px; font: inherit; padding: 6px 8px; border: 1px solid #8a949e; border-radius: 6px; }
.case-actions { display: flex; flex-wrap: wrap; gap: 8px; }
.case-actions button { font: inherit; padding: 5px 12px; border-radius: 6px; border: 1px solid #3e4c59; background: #fff; color: var(--ink); cursor: pointer; }
.case-actions button[data-action="replies"] { background: #3e4c59; color: #fff; }
.case-actions button:disabled { opacity: .4; cursor: default; }
#case-problem { color: #8a1c1c; margin-top: 6px; }
#problem { display: none; margin: 0 0 12px; padding: 10px 14px; border-radius: 8px; background: #ffe3e3; color: #8a1c1c; }
#problem.shown { display: block; }
@media (max-width: 900px) {
  .headline, .trend, .distribution, .funnel { grid-column: span 12; }
  .reasons-grid, .case-grid { grid-template-columns: minmax(0, 1fr); }
}
@media (max-width: 600px) {
  header, main { padding-left: 12px; padding-right: 12px; }
  form#filters a { margin-left: 0; }
  .nps { font-size: 40px; }
}
`;

/**
 * The parts of the page that are text: the headline NPS with its interval and band (or "too
 * few to call"), the category split, the trend's note, the quotes and the area table.
 * Customer text only ever goes in as text.
 */
import { BAND_NAMES, certainBand } from '../../nps.js';
import type { ReasonsReport } from '../../reports/reasons.js';
import type { SummaryReport } from '../../reports/summary.js';
import type { TrendPoint } from '../../reports/trend.js';
import type { DashboardConfig } from '../page.js';
import { COLOURS } from './charts.js';
import { type TaggedQuote, tagQuotes } from './quotes.js';

/** Quotes shown before "Show all". */
export const FIRST_QUOTES = 6;

export function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found;
}

function make(tag: string, text?: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

const percent = (count: number, total: number) => (total > 0 ? Math.round((count / total) * 1000) / 10 : 0);
/** A typographic minus, as in the docs: "−3.6 to 26.9". */
export const signed = (value: number) => (value < 0 ? `−${(-value).toFixed(1)}` : value.toFixed(1));

function renderBand(summary: SummaryReport): void {
  const band = element('band');
  const certain = summary.interval ? certainBand(summary.interval) : null;
  if (summary.interval === null) {
    band.className = 'band too-few';
    band.textContent = 'no answers';
  } else if (certain === null) {
    // The interval reaches into another band: naming one would claim more than the answers show.
    band.className = 'band too-few';
    band.textContent = `only ${summary.total} answers — too few to call`;
  } else {
    band.className = `band ${certain}`;
    band.textContent = BAND_NAMES[certain];
  }
}

export function renderHeadline(summary: SummaryReport): void {
  const nps = element('nps');
  nps.replaceChildren();
  if (summary.nps === null) nps.textContent = '–';
  else nps.append(summary.nps.toFixed(1), make('small', ` ± ${(summary.marginOfError ?? 0).toFixed(1)}`));
  element('interval').textContent = summary.interval
    ? `95% interval ${signed(summary.interval.low)} to ${signed(summary.interval.high)}`
    : '';
  renderBand(summary);

  const parts = [
    ['detractor', summary.detractors],
    ['passive', summary.passives],
    ['promoter', summary.promoters],
  ] as const;
  element('split').replaceChildren(
    ...parts.map(([category, count]) => {
      const bar = make('span');
      bar.style.width = `${percent(count, summary.total)}%`;
      bar.style.background = COLOURS[category];
      bar.title = `${category}s ${count}`;
      return bar;
    }),
  );
  element('categories').replaceChildren(
    ...parts.map(([category, count]) => {
      const item = make('span');
      const dot = make('span', undefined, 'dot');
      dot.style.background = COLOURS[category];
      item.append(dot, `${category}s `, make('b', `${percent(count, summary.total)}%`), ` (${count})`);
      return item;
    }),
    make('span', `n = ${summary.total}`),
  );
}

/** `all` are the API's periods, `shown` those the chart draws (from the first answer on). */
export function renderRange(all: readonly TrendPoint[], shown: readonly TrendPoint[]): void {
  const first = all[0];
  const last = all[all.length - 1];
  element('range').textContent = first && last ? `${first.from} – ${last.to} (UTC)` : '';
  const notes: string[] = [];
  if (shown.length === 0) notes.push('No answers in this range.');
  else if (shown.length < all.length) notes.push(`From the first answer (${shown[0]?.period}).`);
  const gaps = shown.filter((p) => p.total === 0).length;
  if (gaps > 0) notes.push(`${gaps} period${gaps === 1 ? '' : 's'} without answers left as gaps.`);
  const significant = shown.filter((p) => p.change?.significant).map((p) => p.period);
  if (shown.length > 1)
    notes.push(
      significant.length > 0
        ? `Larger dots: change from the period before is beyond the noise (95%): ${significant.join(', ')}.`
        : 'No change between periods is beyond the noise (95%).',
    );
  element('trend-note').textContent = notes.join(' ');
}

function quoteItem(quote: TaggedQuote): HTMLElement {
  const item = make('li');
  item.append(
    ...quote.themes.map((theme) => make('span', theme, 'theme')),
    make('q', quote.text),
    make(
      'span',
      `${quote.category}, ${quote.score}${quote.answeredAt ? `, ${quote.answeredAt.slice(0, 10)}` : ''}`,
      'who',
    ),
  );
  return item;
}

function renderQuotes(quotes: readonly TaggedQuote[]): void {
  const list = element('quotes');
  const more = element('quotes-more');
  const show = (all: boolean) => {
    list.replaceChildren(...quotes.slice(0, all ? quotes.length : FIRST_QUOTES).map(quoteItem));
    if (quotes.length <= FIRST_QUOTES) return more.replaceChildren();
    const button = make('button', all ? 'Show fewer quotes' : `Show all ${quotes.length} quotes`, 'more');
    button.setAttribute('type', 'button');
    button.setAttribute('aria-expanded', String(all));
    button.setAttribute('aria-controls', 'quotes');
    button.addEventListener('click', () => {
      show(!all);
      (more.firstElementChild as HTMLElement | null)?.focus();
    });
    more.replaceChildren(button);
  };
  show(false);
}

function renderAreas(areas: ReasonsReport['areas'], config: Pick<DashboardConfig, 'areaLabels' | 'locale'>): void {
  const holder = element('areas');
  if (areas.length === 0) {
    holder.replaceChildren(make('p', 'No detractor chose an area in this period.', 'empty'));
    return;
  }
  const table = make('table');
  const header = make('tr');
  header.append(make('th', 'Detractor area'), make('th', 'Detractors'));
  const head = make('thead');
  head.append(header);
  const body = make('tbody');
  body.append(
    ...areas.map((area) => {
      const row = make('tr');
      // The survey's own words for its areas, in its default locale; an id no longer in the survey stays as it is.
      const label = make('td', config.areaLabels[area.area] ?? area.area);
      if (config.areaLabels[area.area] !== undefined) label.lang = config.locale;
      row.append(label, make('td', String(area.counts.detractor)));
      return row;
    }),
  );
  table.append(head, body);
  holder.replaceChildren(table);
}

export function renderReasons(
  reasons: ReasonsReport | null,
  config: Pick<DashboardConfig, 'areaLabels' | 'locale'>,
): void {
  const quotes = element('quotes');
  if (!reasons) {
    quotes.replaceChildren(make('li', 'Reasons are not counted per segment: clear the segment filter to see them.'));
    element('quotes-more').replaceChildren();
    element('areas').replaceChildren();
    return;
  }
  renderQuotes(tagQuotes(reasons.themes));
  if (reasons.themes.length === 0) quotes.replaceChildren(make('li', 'No reasons given in this period.'));
  renderAreas(reasons.areas, config);
}

export function showProblem(message: string): void {
  const problem = element('problem');
  problem.textContent = message;
  problem.classList.add('shown');
}

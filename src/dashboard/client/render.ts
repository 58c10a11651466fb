/**
 * The parts of the page that are text: the headline NPS with its margin and band, the
 * category split, the quotes and the area table. Customer text only ever goes in as text.
 */
import type { ReasonsReport } from '../../reports/reasons.js';
import type { SummaryReport } from '../../reports/summary.js';
import type { TrendPoint } from '../../reports/trend.js';
import { COLOURS } from './charts.js';

const BAND_NAMES: Record<string, string> = {
  'needs-work': 'needs work',
  good: 'good',
  excellent: 'excellent',
  'world-class': 'world-class',
};

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

export function renderHeadline(summary: SummaryReport): void {
  const nps = element('nps');
  nps.replaceChildren();
  if (summary.nps === null) {
    nps.textContent = '–';
  } else {
    nps.append(summary.nps.toFixed(1), make('small', ` ± ${(summary.marginOfError ?? 0).toFixed(1)}`));
  }
  const band = element('band');
  band.className = `band ${summary.band ?? ''}`;
  band.textContent = summary.band ? (BAND_NAMES[summary.band] ?? summary.band) : 'no answers';

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

export function renderRange(points: readonly TrendPoint[]): void {
  const first = points[0];
  const last = points[points.length - 1];
  element('range').textContent = first && last ? `${first.from} – ${last.to} (UTC)` : '';
  const significant = points.filter((p) => p.change?.significant).map((p) => p.period);
  element('trend-note').textContent =
    significant.length > 0
      ? `Larger dots: change from the period before is beyond the noise (95%): ${significant.join(', ')}`
      : 'No change between periods is beyond the noise (95%).';
}

export function renderReasons(reasons: ReasonsReport | null): void {
  const quotes = element('quotes');
  const areas = element('areas');
  if (!reasons) {
    quotes.replaceChildren(make('li', 'Reasons are not counted per segment: clear the segment filter to see them.'));
    areas.replaceChildren();
    return;
  }
  quotes.replaceChildren(
    ...reasons.themes.flatMap((theme) =>
      theme.quotes.slice(0, 4).map((quote) => {
        const item = make('li');
        item.append(
          make('span', theme.theme, 'theme'),
          make('q', quote.text),
          make(
            'span',
            `${quote.category}, ${quote.score}${quote.answeredAt ? `, ${quote.answeredAt.slice(0, 10)}` : ''}`,
            'who',
          ),
        );
        return item;
      }),
    ),
  );
  if (reasons.themes.length === 0) quotes.replaceChildren(make('li', 'No reasons given in this period.'));
  const header = make('tr');
  header.append(make('th', 'Detractor area'), make('th', 'Detractors'));
  areas.replaceChildren(
    header,
    ...reasons.areas.map((area) => {
      const row = make('tr');
      row.append(make('td', area.area), make('td', String(area.counts.detractor)));
      return row;
    }),
  );
}

export function showProblem(message: string): void {
  const problem = element('problem');
  problem.textContent = message;
  problem.classList.add('shown');
}

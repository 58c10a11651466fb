/**
 * The four charts, drawn with Chart.js (only the parts used are bundled): the trend line with
 * its 95% interval as a band, the 0–10 distribution coloured by category, the response funnel
 * and the reasons by theme stacked by category. Animation is off: the numbers are the point
 * (and nothing moves for people who ask for reduced motion). A period without answers is a
 * null point, drawn as a gap, never bridged by a line.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ReasonsReport } from '../../reports/reasons.js';
import type { SummaryReport } from '../../reports/summary.js';
import type { TrendPoint } from '../../reports/trend.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;

export const COLOURS = { detractor: '#d64545', passive: '#e0a100', promoter: '#2e9e5b', line: '#3e4c59' } as const;

export function drawTrend(canvas: HTMLCanvasElement, points: readonly TrendPoint[]): Chart {
  const upper = points.map((p) => p.interval?.high ?? null);
  const lower = points.map((p) => p.interval?.low ?? null);
  // A point whose change from the previous period is beyond the noise is drawn larger.
  const significant = points.map((p) => p.change?.significant === true);
  const answered = points.filter((p) => p.nps !== null);
  const latest = answered[answered.length - 1];
  canvas.setAttribute(
    'aria-label',
    latest?.interval
      ? `NPS trend over ${points.length} periods from ${points[0]?.period}; latest ${latest.period}: ${latest.nps?.toFixed(1)}, 95% interval ${latest.interval.low} to ${latest.interval.high}, ${latest.total} answers`
      : 'NPS trend: no answers',
  );
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: points.map((p) => p.period),
      datasets: [
        {
          label: 'upper',
          data: upper,
          borderWidth: 0,
          pointRadius: 0,
          fill: '+1',
          backgroundColor: 'rgba(62,76,89,.12)',
          spanGaps: false,
        },
        { label: 'lower', data: lower, borderWidth: 0, pointRadius: 0, fill: false, spanGaps: false },
        {
          label: 'NPS',
          data: points.map((p) => p.nps),
          borderColor: COLOURS.line,
          backgroundColor: significant.map((s) => (s ? '#6741d9' : COLOURS.line)),
          pointRadius: significant.map((s) => (s ? 6 : 3)),
          borderWidth: 2,
          spanGaps: false,
        },
      ],
    },
    options: {
      scales: { y: { suggestedMin: -20, suggestedMax: 60, title: { display: true, text: 'NPS' } } },
      plugins: {
        legend: { display: false },
        tooltip: {
          filter: (item) => item.datasetIndex === 2,
          callbacks: {
            label: (item) => {
              const point = points[item.dataIndex];
              if (!point || point.nps === null || !point.interval) return 'no answers';
              const change = point.change
                ? `, ${point.change.nps >= 0 ? '+' : ''}${point.change.nps}${point.change.significant ? ' (significant)' : ''}`
                : '';
              return `NPS ${point.nps.toFixed(1)} (${point.interval.low} to ${point.interval.high}), n=${point.total}${change}`;
            },
          },
        },
      },
    },
  });
}

export function drawDistribution(
  canvas: HTMLCanvasElement,
  summary: SummaryReport,
  bands: { passiveFrom: number; promoterFrom: number },
): Chart {
  const colourOf = (score: number) =>
    score >= bands.promoterFrom ? COLOURS.promoter : score >= bands.passiveFrom ? COLOURS.passive : COLOURS.detractor;
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: summary.distribution.map((row) => String(row.score)),
      datasets: [
        {
          label: 'answers',
          data: summary.distribution.map((row) => row.count),
          backgroundColor: summary.distribution.map((row) => colourOf(row.score)),
        },
      ],
    },
    options: {
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) => {
              const row = summary.distribution[item.dataIndex];
              return row ? `${row.count} answers (${row.percent}%)` : '';
            },
          },
        },
      },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}

export function drawFunnel(canvas: HTMLCanvasElement, rate: SummaryReport['responseRate']): Chart {
  const share = (count: number) => (rate.sent > 0 ? ` (${Math.round((count / rate.sent) * 100)}%)` : '');
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: [
        `sent ${rate.sent}`,
        `answered ${rate.answered}${share(rate.answered)}`,
        `completed ${rate.completed}${share(rate.completed)}`,
      ],
      datasets: [
        {
          label: 'surveys',
          data: [rate.sent, rate.answered, rate.completed],
          backgroundColor: ['#9aa5b1', '#5c7cfa', COLOURS.promoter],
        },
      ],
    },
    options: {
      indexAxis: 'y',
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}

export function drawThemes(canvas: HTMLCanvasElement, reasons: ReasonsReport): Chart {
  const themes = reasons.themes;
  const dataset = (category: 'detractor' | 'passive' | 'promoter') => ({
    label: `${category}s`,
    data: themes.map((theme) => theme.counts[category]),
    backgroundColor: COLOURS[category],
  });
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: themes.map((theme) => theme.theme),
      datasets: [dataset('detractor'), dataset('passive'), dataset('promoter')],
    },
    options: {
      indexAxis: 'y',
      plugins: { legend: { position: 'bottom' } },
      scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
    },
  });
}

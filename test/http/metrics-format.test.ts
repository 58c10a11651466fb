/**
 * `/metrics` is clean under the rules of `promtool check metrics` (checked by a strict reader of
 * the text format, test/support/prometheus-lint.ts, as promtool is not installed here): counters
 * end in `_total`, gauges such as Node's active handles do not, every family has HELP and TYPE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { lintPrometheusText } from '../support/prometheus-lint.js';
import { testSurvey } from '../support/survey.js';

let app: App;
let port: number;

beforeAll(async () => {
  // A schedule, so its metrics are in the scrape too.
  const survey = testSurvey({
    id: 'metrics-format',
    schedules: [{ id: 'quarterly', channel: 'slack', audience: { users: ['U1'] }, every: '90d', spreadDays: 7 }],
  });
  app = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), { survey });
  port = await app.listen();
  // A turn, so the labelled counters and the histogram have samples.
  await fetch(`http://127.0.0.1:${port}/webchat/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
});
afterAll(async () => {
  await app.close();
});

describe('the text format checker', () => {
  it.each([
    ['# HELP a_total x\n# TYPE a_total gauge\na_total 1\n', 'non-counter metrics should not have "_total" suffix'],
    ['# HELP a x\n# TYPE a counter\na 1\n', 'counter metrics should have "_total" suffix'],
    ['# TYPE a gauge\na 1\n', 'no # HELP'],
    ['# HELP a x\na 1\n', 'sample before its # TYPE'],
    ['# HELP a x\n# TYPE a gauge\na{k="1"} 1\na{k="1"} 2\n', 'duplicate series'],
    ['# HELP a_count x\n# TYPE a_count gauge\na_count 1\n', 'should not have "count" suffix'],
    ['# HELP aB x\n# TYPE aB gauge\naB 1\n', 'snake_case'],
    ['# HELP a x\n# TYPE a gauge\na one\n', 'is not a number'],
  ])('finds the problem in %j', (text, problem) => {
    expect(lintPrometheusText(text).join('\n')).toContain(problem);
  });

  it('passes a clean scrape', () => {
    const clean = '# HELP h x\n# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 1\nh_sum 0.5\nh_count 1\n';
    expect(lintPrometheusText(`${clean}# HELP c_total x\n# TYPE c_total counter\nc_total{k="v"} 3\n`)).toEqual([]);
  });
});

it('/metrics has no problem promtool would report', async () => {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  expect(text).toContain('npsbot_turns_total');
  expect(text).toContain('npsbot_nodejs_active_handles');
  expect(lintPrometheusText(text)).toEqual([]);
});

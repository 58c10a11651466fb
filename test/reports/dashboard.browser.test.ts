/**
 * The dashboard in a real browser (Debian's Chromium, driven by playwright-core): signed in
 * with the admin token on its sign-in page (a session cookie), it shows the same numbers as the
 * report routes, draws the charts in the category colours, follows its filters, loads
 * nothing from another host, and shows a report's error instead of failing silently.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, launchChromium } from '../support/browser.js';
import { memoryStore } from '../support/stores.js';
import { testSurvey } from '../support/survey.js';
import { type Answer, answerAll, type Running, startApp, TOKEN } from './support.js';

/** Where the screenshot goes; docs/dashboard.png is a copy of it. */
export const SCREENSHOT = join(tmpdir(), 'npsbot-dashboard.png');

const survey = testSurvey({ id: 'dashboard-test', segments: ['plan'], reward: { codes: [] } });
const REASONS = {
  detractor: ['Too expensive for what it does', 'Support never called back', '软件经常闪退', 'So slow to load'],
  passive: ['Would be nice to have an export feature', '價格有點貴', 'Setup was confusing'],
  promoter: ['Fast and easy to use', '客服態度很好', 'Great quality, never breaks'],
};
/** Eight weeks of answers: detractors, passives, promoters per week, NPS climbing. */
const WEEKS: [number, number, number][] = [
  [14, 14, 12],
  [12, 14, 16],
  [13, 12, 15],
  [9, 12, 21],
  [8, 12, 26],
  [6, 12, 30],
  [5, 10, 35],
  [6, 12, 30],
];

function week(index: number, [detractors, passives, promoters]: [number, number, number]): Answer[] {
  const make = (category: keyof typeof REASONS, count: number, scores: number[]): Answer[] =>
    Array.from({ length: count }, (_, i) => ({
      score: scores[i % scores.length] as number,
      channel: i % 4 === 0 ? 'slack' : 'webchat',
      touchpoint: i % 3 === 0 ? 'onboarding' : 'checkout',
      properties: { plan: i % 2 === 0 ? 'pro' : 'free' },
      reason: REASONS[category][(i + index) % REASONS[category].length] as string,
      area: ['price', 'service', 'reliability'][i % 3] as string,
    }));
  return [
    ...make('detractor', detractors, [1, 4, 6, 3]),
    ...make('passive', passives, [7, 8]),
    ...make('promoter', promoters, [9, 10]),
  ];
}

describe.skipIf(!hasChromium)(`the dashboard in Chromium (skipped: no ${CHROMIUM})`, () => {
  let running: Running;
  let browser: Browser;
  let context: BrowserContext;
  let now = Date.parse('2026-01-26T10:00:00Z');
  const requested: string[] = [];

  beforeAll(async () => {
    running = await startApp(memoryStore().store, survey, () => now);
    for (const [index, mix] of WEEKS.entries()) {
      now = Date.parse('2026-01-26T10:00:00Z') + index * 7 * 86_400_000;
      await answerAll(running.app.engine, week(index, mix));
      // A few surveys sent that nobody answers, for the funnel.
      for (let i = 0; i < 8; i++) {
        const user = `silent-${index}-${i}`;
        await running.app.engine.handle({
          channel: 'slack',
          user,
          conversation: user,
          event: { kind: 'start', startedBy: 'bot' },
        });
      }
    }
    now = Date.parse('2026-03-20T12:00:00Z');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.on('request', (request) => requested.push(request.url()));
    // Sign in once through the page, as an operator does; the session cookie serves every test.
    const page = await context.newPage();
    await page.goto(`${running.base}/dashboard`);
    await page.fill('#token', TOKEN);
    await page.click('button[type="submit"]');
    await page.waitForFunction(() => document.body.dataset.state !== undefined);
    await page.close();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await running?.close();
  });

  async function open(query = ''): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${running.base}/dashboard${query}`);
    await page.waitForFunction(() => document.body.dataset.state !== undefined);
    return page;
  }

  /**
   * How many pixels of a canvas have this colour (each channel within `tolerance`) at an
   * opacity within `alpha`: the canvas is transparent, so a translucent fill keeps its colour.
   */
  const pixelsOf = (page: Page, canvas: string, rgb: [number, number, number], tolerance = 0, alpha = [255, 255]) =>
    page.evaluate(
      ([id, [r, g, b], within, [lowest, highest]]) => {
        const element = document.getElementById(id) as HTMLCanvasElement;
        const data = element.getContext('2d')?.getImageData(0, 0, element.width, element.height).data ?? [];
        const near = (value: number | undefined, wanted: number) => Math.abs((value ?? -999) - wanted) <= within;
        let count = 0;
        for (let i = 0; i < data.length; i += 4) {
          const opacity = data[i + 3] ?? 0;
          if (opacity < (lowest ?? 0) || opacity > (highest ?? 255)) continue;
          if (near(data[i], r) && near(data[i + 1], g) && near(data[i + 2], b)) count++;
        }
        return count;
      },
      [canvas, rgb, tolerance, alpha] as const,
    );

  it('asks a browser to sign in, and takes the token as a bearer too', async () => {
    const anonymous = await fetch(`${running.base}/dashboard`, { headers: { accept: 'text/html' } });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toContain('id="sign-in"');
    const bearer = await fetch(`${running.base}/dashboard`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(bearer.status).toBe(200);
    expect(bearer.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${running.base}/dashboard/app.js`)).status).toBe(401);
  });

  it('shows the summary numbers, the charts in category colours, and loads nothing from elsewhere', async () => {
    const page = await open();
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('ready');
    const summary = (await running.get('/api/reports/summary')).body as {
      nps: number;
      marginOfError: number;
      total: number;
    };
    expect(await page.locator('#nps').textContent()).toBe(
      `${summary.nps.toFixed(1)} ± ${summary.marginOfError.toFixed(1)}`,
    );
    expect(await page.locator('#band').textContent()).toBe('excellent');
    expect(await page.locator('#categories').textContent()).toContain(`n = ${summary.total}`);
    expect(await page.locator('#range').textContent()).toBe('2025-12-21 – 2026-03-20 (UTC)');
    expect(await pixelsOf(page, 'distribution-chart', [214, 69, 69])).toBeGreaterThan(100);
    expect(await pixelsOf(page, 'distribution-chart', [224, 161, 0])).toBeGreaterThan(100);
    expect(await pixelsOf(page, 'distribution-chart', [46, 158, 91])).toBeGreaterThan(100);
    expect(await pixelsOf(page, 'themes-chart', [214, 69, 69])).toBeGreaterThan(100);
    // The NPS points, and the margin band: the line's colour at 12% opacity.
    expect(await pixelsOf(page, 'trend-chart', [62, 76, 89])).toBeGreaterThan(10);
    expect(await pixelsOf(page, 'trend-chart', [62, 76, 89], 10, [27, 36])).toBeGreaterThan(2000);
    expect(await page.locator('#quotes li').count()).toBeGreaterThan(5);
    expect(await page.locator('#quotes').textContent()).toContain('客服態度很好');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(requested.every((url) => url.startsWith(`${running.base}/`))).toBe(true);
    await page.close();
  });

  it('applies the filters of its form and keeps them in the address', async () => {
    const page = await open();
    await page.selectOption('select[name=channel]', 'slack');
    await page.selectOption('select[name=interval]', 'week');
    await page.click('button[type=submit]');
    await page.waitForURL(/channel=slack/);
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    const slack = (await running.get('/api/reports/summary?channel=slack')).body as {
      nps: number;
      marginOfError: number;
    };
    expect(await page.locator('#nps').textContent()).toBe(
      `${slack.nps.toFixed(1)} ± ${slack.marginOfError.toFixed(1)}`,
    );
    expect(await page.inputValue('select[name=channel]')).toBe('slack');
    expect(await page.getAttribute('#csv', 'href')).toBe('/api/responses.csv?channel=slack');
    await page.close();
  });

  it('says that reasons have no segment filter, and shows a bad filter’s message', async () => {
    const segmented = await open('?segment=plan:pro');
    expect(await segmented.evaluate(() => document.body.dataset.state)).toBe('ready');
    expect(await segmented.locator('#quotes').textContent()).toContain('not counted per segment');
    await segmented.close();
    const broken = await open('?from=last-tuesday');
    expect(await broken.evaluate(() => document.body.dataset.state)).toBe('failed');
    expect(await broken.locator('#problem').textContent()).toContain('from: expected a date');
    await broken.close();
  });

  it('signs out: the cookie is gone and the reports refuse the browser', async () => {
    const own = await browser.newContext();
    const page = await own.newPage();
    await page.goto(`${running.base}/dashboard`);
    await page.fill('#token', 'not-the-token');
    await page.click('button[type="submit"]');
    await page.waitForFunction(() => (document.getElementById('problem')?.textContent ?? '') !== '');
    expect(await page.locator('#problem').textContent()).toContain('not the admin token');
    await page.fill('#token', TOKEN);
    await page.click('button[type="submit"]');
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    const [cookie] = await own.cookies();
    expect(cookie).toMatchObject({ name: 'npsbot_session', httpOnly: true, sameSite: 'Strict' });
    await page.click('#sign-out');
    await page.waitForSelector('#sign-in');
    expect(await own.cookies()).toEqual([]);
    const status = await page.evaluate(async () => (await fetch('/api/reports/summary')).status);
    expect(status).toBe(401);
    await own.close();
  });
});

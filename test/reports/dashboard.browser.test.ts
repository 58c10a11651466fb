/**
 * The dashboard in a real browser (Debian's Chromium, driven by playwright-core): signed in
 * with the admin token on its sign-in page (a session cookie), it shows the same numbers as the
 * report routes with their 95% interval, names a band only when the answers can tell, draws the
 * charts in the category colours from the first answer on, lists each quote once, follows its
 * filters, loads nothing from another host, and shows a report's error instead of failing
 * silently. Every view passes axe-core's WCAG 2.2 AA rules at 1280 and 390 px.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/axe.js';
import { CHROMIUM, hasChromium, launchChromium } from '../support/browser.js';
import { memoryStore } from '../support/stores.js';
import { testSurvey } from '../support/survey.js';
import { type Answer, answerAll, type Running, startApp, TOKEN } from './support.js';

/** Where the screenshots go; docs/dashboard.png and docs/dashboard-phone.png are copies of them. */
export const SCREENSHOT = join(tmpdir(), 'npsbot-dashboard.png');
export const PHONE_SCREENSHOT = join(tmpdir(), 'npsbot-dashboard-phone.png');

/** In Traditional Chinese by default: the area table shows the survey's own labels in it. */
const survey = testSurvey({
  id: 'dashboard-test',
  segments: ['plan'],
  reward: { codes: [] },
  defaultLocale: 'zh-TW',
});
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
/** "Slow and expensive support" names three themes: the dashboard lists it once with all three. */
const REASONS = {
  detractor: [
    'Too expensive for what it does',
    'Support never called back',
    '软件经常闪退',
    'Slow and expensive support',
  ],
  passive: ['Would be nice to have an export feature', '價格有點貴', 'Setup was confusing'],
  promoter: ['Fast and easy to use', '客服態度很好', 'Great quality, never breaks'],
};
/** Nine weeks: detractors, passives, promoters per week, NPS climbing; nobody answers in the sixth. */
const WEEKS: [number, number, number][] = [
  [14, 14, 20],
  [12, 14, 24],
  [13, 12, 25],
  [9, 12, 30],
  [8, 12, 34],
  [0, 0, 0],
  [6, 12, 38],
  [5, 10, 42],
  [6, 12, 40],
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
  /** The unfiltered dashboard, opened by the sign-in and shared by the tests that only read it. */
  let overview: Page;
  let now = Date.parse('2026-01-26T10:00:00Z');
  const requested: string[] = [];

  beforeAll(async () => {
    running = await startApp(memoryStore().store, survey, () => now);
    for (const [index, mix] of WEEKS.entries()) {
      if (mix[2] === 0) continue;
      now = Date.parse('2026-01-19T10:00:00Z') + index * 7 * 86_400_000;
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
    context = await browser.newContext({ viewport: DESKTOP });
    context.on('request', (request) => requested.push(request.url()));
    // Sign in once through the page, as an operator does; the session cookie serves every test.
    const page = await context.newPage();
    await page.goto(`${running.base}/dashboard`);
    await page.fill('#token', TOKEN);
    await page.click('button[type="submit"]');
    await page.waitForFunction(() => document.body.dataset.state !== undefined);
    overview = page;
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

  interface Summary {
    total: number;
    nps: number;
    marginOfError: number;
    interval: { low: number; high: number };
  }
  const minus = (value: number) => (value < 0 ? `−${(-value).toFixed(1)}` : value.toFixed(1));

  it('shows the summary with its interval, the charts in category colours, and loads nothing from elsewhere', async () => {
    const page = overview;
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('ready');
    const summary = (await running.get('/api/reports/summary')).body as Summary;
    expect(await page.locator('#nps').textContent()).toBe(
      `${summary.nps.toFixed(1)} ± ${summary.marginOfError.toFixed(1)}`,
    );
    expect(await page.locator('#interval').textContent()).toBe(
      `95% interval ${minus(summary.interval.low)} to ${minus(summary.interval.high)}`,
    );
    // 424 answers at NPS 42.5: the whole interval lies above 30, so the band can be named.
    expect(summary.interval.low).toBeGreaterThan(30);
    expect(await page.locator('#band').textContent()).toBe('excellent');
    expect(await page.locator('#categories').textContent()).toContain(`n = ${summary.total}`);
    expect(await page.locator('#range').textContent()).toBe('2025-12-21 – 2026-03-20 (UTC)');
    expect(await pixelsOf(page, 'distribution-chart', [214, 69, 69])).toBeGreaterThan(100);
    expect(await pixelsOf(page, 'distribution-chart', [224, 161, 0])).toBeGreaterThan(100);
    expect(await pixelsOf(page, 'distribution-chart', [46, 158, 91])).toBeGreaterThan(100);
    expect(await pixelsOf(page, 'themes-chart', [214, 69, 69])).toBeGreaterThan(100);
    // The NPS points, and the interval band: the line's colour at 12% opacity.
    expect(await pixelsOf(page, 'trend-chart', [62, 76, 89])).toBeGreaterThan(10);
    expect(await pixelsOf(page, 'trend-chart', [62, 76, 89], 10, [27, 36])).toBeGreaterThan(2000);
    expect(await page.getAttribute('link[rel=icon]', 'href')).toBe('/favicon.ico');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(requested.every((url) => url.startsWith(`${running.base}/`))).toBe(true);
  });

  it('starts the trend at the first answer and leaves an empty week as a gap', async () => {
    const page = overview;
    const trend = (await running.get('/api/reports/trend?interval=week')).body as { period: string; total: number }[];
    // The API gives the whole 90 days, five empty weeks first.
    expect(trend.slice(0, 6).map((p) => p.total)).toEqual([0, 0, 0, 0, 0, 48]);
    expect(await page.locator('#trend-note').textContent()).toContain(
      'From the first answer (2026-W04). 1 period without answers left as gaps.',
    );
    expect(await page.getAttribute('#trend-chart', 'aria-label')).toMatch(/^NPS trend over 9 periods from 2026-W04;/);
  });

  it('lists each quote once with all its themes, six at first and the rest on request', async () => {
    const page = overview;
    const quotes = page.locator('#quotes li');
    expect(await quotes.count()).toBe(6);
    const more = page.locator('#quotes-more button');
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    await more.click();
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    const texts = await page.locator('#quotes li q').allTextContents();
    expect(texts.length).toBeGreaterThan(6);
    expect(new Set(texts).size).toBe(texts.length);
    const threeThemes = page.locator('#quotes li', { hasText: 'Slow and expensive support' });
    expect(await threeThemes.count()).toBe(1);
    expect((await threeThemes.locator('.theme').allTextContents()).sort()).toEqual(['price', 'speed', 'support']);
    expect(texts).toContain('客服態度很好');
  });

  it('shows the detractor areas by their labels in the survey’s locale', async () => {
    const page = overview;
    const cells = page.locator('#areas td[lang="zh-TW"]');
    expect((await cells.allTextContents()).sort()).toEqual(['價格', '服務', '穩定性'].sort());
    expect(await page.locator('#areas').textContent()).not.toContain('service');
  });

  it('says "too few to call" when the interval spans two bands, in a segment view too', async () => {
    const page = await open('?segment=plan:pro&channel=slack');
    const summary = (await running.get('/api/reports/summary?segment=plan:pro&channel=slack')).body as Summary;
    expect(await page.locator('#band').textContent()).toBe(`only ${summary.total} answers — too few to call`);
    expect(await page.getAttribute('#band', 'class')).toBe('band too-few');
    expect(await page.locator('#interval').textContent()).toBe(
      `95% interval ${minus(summary.interval.low)} to ${minus(summary.interval.high)}`,
    );
    await page.close();
  });

  it('shows an empty range without bare tables, and passes axe there at both widths', async () => {
    const page = await open('?from=2020-01-01&to=2020-01-31');
    expect(await page.locator('#band').textContent()).toBe('no answers');
    expect(await page.locator('#trend-note').textContent()).toBe('No answers in this range.');
    expect(await page.locator('#areas table').count()).toBe(0);
    expect(await page.locator('#areas').textContent()).toContain('No detractor chose an area');
    expect(await page.locator('#queue-table').isHidden()).toBe(true);
    expect(await page.locator('#queue-count').textContent()).toBe('Nothing to follow up.');
    await expectNoAxeViolations(page);
    await page.setViewportSize(PHONE);
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('passes axe with data at 1280 and 390 px, and fits a phone without sideways scrolling', async () => {
    const page = overview;
    // All quotes shown (the test before opened them).
    expect(await page.locator('#quotes-more button').getAttribute('aria-expanded')).toBe('true');
    await expectNoAxeViolations(page);
    await page.setViewportSize(PHONE);
    // Chart.js redraws on resize, a frame later; what stays wider than the viewport would scroll the page sideways.
    await page
      .waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, undefined, { timeout: 5000 })
      .catch(() => undefined);
    const wider = await page.evaluate(() =>
      Array.from(document.querySelectorAll('body *'))
        .filter((node) => node.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map((node) => `${node.tagName.toLowerCase()}#${node.id}.${node.className}`),
    );
    expect(wider).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectNoAxeViolations(page);
    await page.locator('#quotes-more button').click();
    await page.screenshot({ path: PHONE_SCREENSHOT, fullPage: true });
    await page.setViewportSize(DESKTOP);
  });

  it('shows keyboard focus, and lets the page scroll smoothly only when motion is welcome', async () => {
    const page = await open();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the reports');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).toBe('solid');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).scrollBehavior)).toBe('smooth');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).scrollBehavior)).toBe('auto');
    await page.close();
  });

  it('keeps the sign-in page accessible at both widths', async () => {
    const own = await browser.newContext({ viewport: DESKTOP });
    const page = await own.newPage();
    await page.goto(`${running.base}/dashboard`);
    await expectNoAxeViolations(page);
    await page.setViewportSize(PHONE);
    await expectNoAxeViolations(page);
    await own.close();
  });

  it('applies the filters of its form and keeps them in the address', async () => {
    const page = await open();
    await page.selectOption('select[name=channel]', 'slack');
    await page.selectOption('select[name=interval]', 'week');
    await page.click('button[type=submit]');
    await page.waitForURL(/channel=slack/);
    await page.waitForFunction(() => document.body.dataset.state === 'ready');
    const slack = (await running.get('/api/reports/summary?channel=slack')).body as Summary;
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

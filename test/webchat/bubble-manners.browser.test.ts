/**
 * How the bubble behaves beyond the happy path, in Chromium: a whole survey with the keyboard
 * alone, clickable review links, an answer that survives a dropped request, a signed customer
 * the page may not ask again, and its own words in Traditional Chinese.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIdentity } from '../../adapters/webchat/tokens.js';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { CHROMIUM, hasChromium, launchChromium } from '../support/browser.js';

const SECRET = 'bubble-manners-secret';

describe.skipIf(!hasChromium)(`the bubble's manners in Chromium (skipped: no ${CHROMIUM}; CI installs it)`, () => {
  let app: App;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    app = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', WEBCHAT_SECRET: SECRET }));
    base = `http://127.0.0.1:${await app.listen()}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function demoPage(locale = 'en-US'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 760 }, locale });
    await page.goto(`${base}/`);
    return page;
  }

  const botSays = (page: Page, text: string | RegExp) => page.locator('.msg.bot', { hasText: text }).last().waitFor();
  /** What has the keyboard focus, looking inside the bubble's shadow root. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const inner = document.activeElement?.shadowRoot?.activeElement ?? document.activeElement;
      return `${inner?.tagName.toLowerCase()}:${inner?.getAttribute('aria-label') ?? inner?.textContent ?? ''}`;
    });

  it('can be answered with the keyboard alone, and links the review page', async () => {
    const page = await demoPage();
    for (let i = 0; i < 10 && !(await focused(page)).includes('Open the survey chat'); i++)
      await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await botSays(page, 'How likely are you to recommend Acme');
    // Focus lands on the group of answers, not on an answer: Enter alone chooses nothing.
    expect(await focused(page)).toBe('div:How likely are you to recommend Acme to a friend or colleague?');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button:0 (Not at all likely)');
    await page.keyboard.press('End');
    expect(await focused(page)).toBe('button:10 (Extremely likely)');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await botSays(page, 'What do you value most about Acme?');
    expect(await focused(page)).toBe('input:Your answer');
    await page.keyboard.type('Friendly people');
    await page.keyboard.press('Enter');
    await botSays(page, 'Share your referral link');
    expect(await page.locator('.msg.user').allTextContents()).toEqual(['9', 'Friendly people']);

    const review = page.getByRole('link', { name: 'Write a review' });
    expect(await review.getAttribute('href')).toBe('https://reviews.example.com/acme');
    expect(await review.getAttribute('rel')).toBe('noopener noreferrer');

    await page.keyboard.press('Escape');
    expect(await page.locator('.panel').isHidden()).toBe(true);
    expect(await focused(page)).toBe('button:Open the survey chat');
    await page.close();
  });

  it('sends an answer again after a dropped request, counted once', async () => {
    const page = await demoPage();
    const attempts: string[] = [];
    await page.route('**/webchat/sessions/*/messages', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      attempts.push(route.request().postData() ?? '');
      // The first attempt never arrives, as on a train going into a tunnel.
      return attempts.length === 1 ? route.abort('connectionreset') : route.continue();
    });
    await page.getByRole('button', { name: 'Open the survey chat' }).click();
    await page.getByRole('button', { name: '6', exact: true }).click();
    await botSays(page, 'What went wrong?');
    const ids = attempts.map((body) => (JSON.parse(body) as { clientMessageId: string }).clientMessageId);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    expect(await page.locator('.notice').count()).toBe(0);
    await page.close();
  });

  it('gives the buttons back when an answer cannot get through at all', async () => {
    const page = await demoPage();
    await page.getByRole('button', { name: 'Open the survey chat' }).click();
    await botSays(page, 'How likely are you to recommend Acme');
    await page.route('**/webchat/sessions/*/messages', (route) => route.abort('connectionrefused'));
    await page.getByLabel('Your answer').fill('eight');
    await page.getByLabel('Your answer').press('Enter');
    await page.locator('.notice', { hasText: "Your answer didn't get through" }).waitFor();
    expect(await page.getByLabel('Your answer').inputValue()).toBe('eight');
    expect(await page.locator('.choices.score button').count()).toBe(11);

    await page.unroute('**/webchat/sessions/*/messages');
    await page.getByRole('button', { name: '8', exact: true }).click();
    await botSays(page, 'What would make it a 10 for you?');
    await page.close();
  });

  it('stays closed when the page asks a signed customer surveyed recently', async () => {
    const user = 'customer-in-browser';
    const identity = { user, signature: signIdentity(SECRET, user) };
    const first = await demoPage();
    expect(await first.evaluate((who) => window.npsbot?.open({ ...who, touchpoint: 'checkout' }), identity)).toBe(
      'open',
    );
    await first.getByRole('button', { name: '10 (Extremely likely)' }).click();
    await botSays(first, 'What do you value most about Acme?');
    await first.close();

    // A new tab after the next purchase: the throttle applies, so nothing pops up.
    const second = await demoPage();
    expect(await second.evaluate((who) => window.npsbot?.open({ ...who, touchpoint: 'checkout' }), identity)).toBe(
      'throttled',
    );
    expect(await second.locator('.panel').isHidden()).toBe(true);
    await second.close();
  });

  it('speaks Traditional Chinese, its own words included, in a zh-TW browser', async () => {
    const page = await demoPage('zh-TW');
    await page.getByRole('button', { name: '開啟問卷聊天' }).click();
    await botSays(page, '推薦');
    expect(await page.locator('.names h2').textContent()).toBe('Acme');
    expect(await page.locator('.names p').textContent()).toBe('一個小問題');
    expect(await page.getByRole('dialog').getAttribute('aria-labelledby')).toBe('npsbot-heading npsbot-subtitle');
    expect(await page.getByRole('button', { name: '傳送' }).count()).toBe(1);
    await page.close();
  });
});

/**
 * The bubble in a real browser (Debian's Chromium, driven by playwright-core): the demo page,
 * a whole promoter and a whole detractor survey by clicking and typing, a reload in the middle,
 * and a reason full of HTML that must show as text.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { CHROMIUM, hasChromium, launchChromium } from '../support/browser.js';

/** Where the screenshot of the open bubble goes (1280 px); docs/webchat-bubble.png is a copy of it. */
export const SCREENSHOT = join(tmpdir(), 'npsbot-webchat-bubble.png');

describe.skipIf(!hasChromium)(`the chat bubble in Chromium (skipped: no ${CHROMIUM}; CI installs it)`, () => {
  let app: App;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    app = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }));
    base = `http://127.0.0.1:${await app.listen()}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function demoPage(): Promise<{ page: Page; alerts: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const alerts: string[] = [];
    page.on('dialog', (dialog) => {
      alerts.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${base}/`);
    return { page, alerts };
  }

  const botSays = (page: Page, text: string | RegExp) => page.locator('.msg.bot', { hasText: text }).last().waitFor();

  it('takes a promoter from the bubble to a reward code', async () => {
    const { page } = await demoPage();
    // From the checkout, so the screenshot shows the order confirmation beside the panel.
    await page.getByRole('button', { name: 'Buy now' }).click();
    await botSays(page, 'How likely are you to recommend Acme');
    await expect.poll(() => page.locator('.ends').textContent()).toBe('Not at all likelyExtremely likely');

    await page.getByRole('button', { name: '10 (Extremely likely)' }).click();
    await botSays(page, 'What do you value most about Acme?');
    await page.getByLabel('Your answer').fill('Fast delivery and a lovely pack');
    await page.getByLabel('Your answer').press('Enter');
    await botSays(page, 'here is your reward code');
    const code = (await page.locator('.reward code').textContent()) ?? '';
    expect(code).toMatch(/^ACME-THANKS-\d{4}$/);
    await botSays(page, 'Share your referral link');
    await page.screenshot({ path: SCREENSHOT });

    // Without clipboard access (a page's permissions policy, an old browser) the code is selected instead.
    await page.evaluate(() => {
      Object.defineProperty(navigator, 'clipboard', {
        value: { writeText: () => Promise.reject(new Error('not allowed')) },
      });
    });
    await page.getByRole('button', { name: 'Copy code' }).click();
    await page.locator('.reward .copied', { hasText: /Copied|Select the code/ }).waitFor();
    expect(await page.evaluate(() => document.getSelection()?.toString())).toBe(code);
    expect(await page.locator('.msg.user').allInnerTexts()).toEqual(['10', 'Fast delivery and a lovely pack']);
    await page.close();
  });

  it('takes a detractor through a reload, and shows an HTML reason as text', async () => {
    const { page, alerts } = await demoPage();
    await page.getByRole('button', { name: 'Buy now' }).click();
    await botSays(page, 'How likely are you to recommend Acme');
    await page.getByRole('button', { name: '3', exact: true }).click();
    await botSays(page, 'What went wrong?');
    const hostile = '<img src=x onerror=alert(1)>';
    await page.getByLabel('Your answer').fill(hostile);
    await page.getByRole('button', { name: 'Send' }).click();
    await botSays(page, 'Which area caused the problem?');
    expect(await page.locator('.msg.user').last().textContent()).toBe(hostile);
    expect(await page.locator('#npsbot-widget img').count()).toBe(0);

    await page.reload();
    await botSays(page, 'Which area caused the problem?');
    expect(await page.locator('.msg.user').allInnerTexts()).toEqual(['3', hostile]);
    await page.getByRole('button', { name: 'Price' }).click();
    await botSays(page, 'contact you about this?');
    await page.getByRole('button', { name: 'Yes' }).click();
    // An anonymous visitor says how to reach them, or keeps it in the chat.
    await botSays(page, 'How can we reach you?');
    await page.getByLabel('Your answer').fill('skip');
    await page.getByLabel('Your answer').press('Enter');
    await botSays(page, 'reply here in this chat within 24 hours');
    expect(alerts).toEqual([]);

    // The response as stored, found through the session the page keeps in sessionStorage.
    const saved = await page.evaluate(() => sessionStorage.getItem('npsbot.session'));
    const { sessionId } = JSON.parse(saved ?? '{}') as { sessionId: string };
    const person = { channel: 'webchat' as const, user: `anon:${sessionId}` };
    const { record } = await app.store.load({ ...person, conversation: sessionId });
    const response = await app.store.getResponse(record?.responseId ?? '', person);
    expect(response).toMatchObject({
      score: 3,
      reason: hostile,
      area: 'price',
      contact: true,
      touchpoint: 'after-purchase',
    });
    await page.close();
  });
});

/**
 * The bubble against WCAG 2.2 AA in Chromium: axe-core at every step of a detractor's survey
 * (answered with the keyboard alone) and of a promoter's, at 1280 px and on a 390 px phone; the
 * phone layout measured; the order confirmation left in view on a desktop; a neutral scale; the
 * reward code copied; and the closing line where the text box was.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { expectNoAxeViolations } from '../support/axe.js';
import { CHROMIUM, hasChromium, launchChromium } from '../support/browser.js';

/** The phone screenshot; docs/webchat-bubble-phone.png is a copy of it. */
export const PHONE_SCREENSHOT = join(tmpdir(), 'npsbot-webchat-bubble-phone.png');

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

describe.skipIf(!hasChromium)(`the bubble's accessibility in Chromium (skipped: no ${CHROMIUM})`, () => {
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

  const botSays = (page: Page, text: string | RegExp) => page.locator('.msg.bot', { hasText: text }).last().waitFor();
  const focused = (page: Page) =>
    page.evaluate(() => {
      const inner = document.activeElement?.shadowRoot?.activeElement ?? document.activeElement;
      return `${inner?.tagName.toLowerCase()}:${inner?.getAttribute('aria-label') ?? inner?.textContent ?? ''}`;
    });
  const tabTo = async (page: Page, target: string) => {
    for (let i = 0; i < 30 && (await focused(page)) !== target; i++) await page.keyboard.press('Tab');
    expect(await focused(page)).toBe(target);
  };
  /** axe on the whole page with the panel open, on a desktop and on a phone, then back. */
  const audit = async (page: Page) => {
    await expectNoAxeViolations(page);
    await page.setViewportSize(PHONE);
    await expectNoAxeViolations(page);
    await page.setViewportSize(DESKTOP);
  };
  const box = (page: Page, selector: string) =>
    page.locator(selector).first().boundingBox() as Promise<{ x: number; y: number; width: number; height: number }>;

  it('passes axe at every step of a survey answered with the keyboard alone', async () => {
    const page = await browser.newPage({ viewport: DESKTOP, locale: 'en-US' });
    await page.goto(`${base}/`);
    await expectNoAxeViolations(page);
    await tabTo(page, 'button:Buy now');
    await page.keyboard.press('Enter');
    await botSays(page, 'How likely are you to recommend Acme');

    // The order confirmation the survey was opened beside is not under the panel.
    const [thanks, panel] = [await box(page, '#thanks'), await box(page, '.panel')];
    expect(thanks.x + thanks.width <= panel.x || thanks.y + thanks.height <= panel.y).toBe(true);
    await audit(page);

    // Neutral by default: every number looks the same until one is chosen.
    const looks = await page
      .locator('.choices.score button')
      .evaluateAll((all) =>
        all.map((b) => `${b.className}|${getComputedStyle(b).color}|${getComputedStyle(b).borderColor}`),
      );
    expect(new Set(looks).size).toBe(1);
    expect(await page.locator('.ends').innerText()).toMatch(/Not at all likely\s+Extremely likely/);

    await tabTo(page, 'button:0 (Not at all likely)');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await botSays(page, 'What went wrong?');
    expect(await focused(page)).toBe('input:Your answer');
    await audit(page);

    await page.keyboard.type('The straps frayed after a week');
    await page.keyboard.press('Enter');
    await botSays(page, 'Which area caused the problem?');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button:Product');
    await audit(page);

    await page.keyboard.press('Enter');
    await botSays(page, 'contact you about this?');
    await audit(page);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await botSays(page, 'How can we reach you?');
    await audit(page);

    // An answer that cannot get through: the notice, and the words back in the box.
    await page.route('**/webchat/sessions/*/messages', (route) => route.abort('connectionrefused'));
    await page.keyboard.type('skip');
    await page.keyboard.press('Enter');
    await page.locator('.notice', { hasText: "Your answer didn't get through" }).waitFor();
    await audit(page);
    await page.unroute('**/webchat/sessions/*/messages');

    await page.getByLabel('Your answer').focus();
    await page.keyboard.press('Enter');
    await botSays(page, 'reply here in this chat within 24 hours');
    // A follow-up is open, so the box stays, for words to the team.
    expect(await page.getByLabel('Your answer').getAttribute('placeholder')).toBe('Write to our team…');
    await audit(page);

    // The log has overflowed: it takes the focus and scrolls with the keyboard.
    const log = page.locator('.log');
    expect(await log.evaluate((node) => node.scrollHeight > node.clientHeight)).toBe(true);
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('div:Conversation');
    const bottom = await log.evaluate((node) => node.scrollTop);
    await page.keyboard.press('Home');
    await expect.poll(() => log.evaluate((node) => node.scrollTop)).toBeLessThan(bottom);

    await page.keyboard.press('Escape');
    expect(await page.locator('.panel').isHidden()).toBe(true);
    expect(await focused(page)).toBe('button:Open the survey chat');
    await page.close();
  }, 60_000);

  it('fills a phone, with large targets, and ends a promoter survey with a code to copy', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-US', hasTouch: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('button', { name: 'Open the survey chat' }).click();
    await botSays(page, 'How likely are you to recommend Acme');
    await audit(page);
    await page.setViewportSize(PHONE);

    expect(await box(page, '.panel')).toEqual({ x: 0, y: 0, width: PHONE.width, height: PHONE.height });
    const buttons = await page.locator('.choices.score button').evaluateAll((all) =>
      all.map((b) => {
        const { width, height, top } = b.getBoundingClientRect();
        return { width, height, top };
      }),
    );
    expect(buttons).toHaveLength(11);
    for (const button of buttons) {
      expect(button.height).toBeGreaterThanOrEqual(40);
      expect(button.width).toBeGreaterThanOrEqual(24);
    }
    const close = await box(page, '.close');
    expect(Math.min(close.width, close.height)).toBeGreaterThanOrEqual(44);
    expect(await page.getByLabel('Your answer').evaluate((input) => getComputedStyle(input).fontSize)).toBe('16px');

    // Eleven in a row would be under 24 px on a 320 px phone: two rows there.
    await page.setViewportSize({ width: 320, height: 640 });
    const rows = await page
      .locator('.choices.score button')
      .evaluateAll((all) => new Set(all.map((b) => Math.round(b.getBoundingClientRect().top))).size);
    expect(rows).toBe(2);
    await page.setViewportSize(PHONE);

    await page.getByRole('button', { name: '10 (Extremely likely)' }).click();
    await botSays(page, 'What do you value most about Acme?');
    await page.getByLabel('Your answer').fill('The rain cover');
    await page.getByLabel('Your answer').press('Enter');
    await botSays(page, 'Share your referral link');

    const code = (await page.locator('.reward code').textContent()) ?? '';
    expect(code).toMatch(/^ACME-THANKS-\d{4}$/);
    await page.getByRole('button', { name: 'Copy code' }).click();
    await page.locator('.reward .copied', { hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);

    const referral = page.getByRole('link', { name: 'Open your referral link' });
    expect(await referral.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await referral.getAttribute('target')).toBe('_blank');
    expect((await referral.boundingBox())?.height).toBeGreaterThanOrEqual(40);
    // Nothing more is asked: a closing line where the text box was.
    expect(await page.getByLabel('Your answer').isVisible()).toBe(false);
    expect(await page.locator('.finished').textContent()).toBe('All done. Thank you for your answers!');
    await page.screenshot({ path: PHONE_SCREENSHOT });
    await audit(page);

    await page.getByRole('button', { name: 'Close the survey chat' }).click();
    expect(await page.locator('.panel').isHidden()).toBe(true);
    await context.close();
  }, 60_000);
});

/**
 * A themed bubble in Chromium, from the survey file's `webchat` field (docs/survey-file.md): a
 * light brand colour gets dark text, the launcher sits bottom-left, the header shows the logo,
 * the brand and the survey's own title, and `scale: bands` colours the score buttons by the
 * survey's own bands, which come with each choice: with detractors ending at 4, the 5 is a passive.
 * axe-core finds nothing to fault in that theme, and the typing dots keep still for reduced motion.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { expectNoAxeViolations } from '../support/axe.js';
import { CHROMIUM, hasChromium, launchChromium } from '../support/browser.js';
import { testSurvey } from '../support/survey.js';

describe.skipIf(!hasChromium)(`a themed bubble with a coloured scale (skipped: no ${CHROMIUM})`, () => {
  let app: App;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    const survey = testSurvey({
      brand: 'Sunny Bikes',
      scoreBands: { detractor: [0, 4], passive: [5, 8], promoter: [9, 10] },
      webchat: {
        color: '#f5b400',
        logo: '/favicon.svg',
        position: 'bottom-left',
        title: { en: 'Two minutes, tops' },
        scale: 'bands',
      },
    });
    app = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), { survey });
    base = `http://127.0.0.1:${await app.listen()}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("draws the survey's brand, and colours the scale by its bands", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    await page.goto(`${base}/`);
    const launcher = page.getByRole('button', { name: 'Open the survey chat' });
    const { x } = (await launcher.boundingBox()) ?? { x: -1 };
    expect(x).toBeLessThan(100);
    await launcher.click();
    const buttons = page.locator('.choices.score button');
    await expect.poll(() => buttons.count()).toBe(11);
    const classes = await buttons.evaluateAll((all) => all.map((button) => button.className));
    expect(classes).toEqual([...Array(5).fill('detractor'), ...Array(4).fill('passive'), ...Array(2).fill('promoter')]);

    expect(await page.locator('.names h2').textContent()).toBe('Sunny Bikes');
    expect(await page.locator('.names p').textContent()).toBe('Two minutes, tops');
    expect(await page.locator('.head img').getAttribute('src')).toBe('/favicon.svg');
    // Yellow is too light for white text (1.8:1): the header's text is black.
    const header = await page
      .locator('.head')
      .evaluate((head) => [getComputedStyle(head).backgroundColor, getComputedStyle(head).color]);
    expect(header).toEqual(['rgb(245, 180, 0)', 'rgb(0, 0, 0)']);
    const panel = (await page.locator('.panel').boundingBox()) ?? { x: -1 };
    expect(panel.x).toBe(20);
    await expectNoAxeViolations(page, '#npsbot-widget');

    // The typing dots blink, unless the visitor asked for less motion.
    const blink = () =>
      page
        .locator('.typing span')
        .first()
        .evaluate((dot) => getComputedStyle(dot).animationName);
    expect(await blink()).toBe('blink');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await blink()).toBe('none');
    await page.close();
  });
});

/**
 * The bubble colours the score buttons by the survey's own bands, which come with each choice
 * (docs/webchat.md): with a survey whose detractors end at 4, the 5 is a passive, in Chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { CHROMIUM, hasChromium, launchChromium } from '../support/browser.js';
import { testSurvey } from '../support/survey.js';

describe.skipIf(!hasChromium)(`score buttons by the survey's bands (skipped: no ${CHROMIUM})`, () => {
  let app: App;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    const survey = testSurvey({ scoreBands: { detractor: [0, 4], passive: [5, 8], promoter: [9, 10] } });
    app = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), { survey });
    base = `http://127.0.0.1:${await app.listen()}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('follows custom scoreBands, not the usual 7 and 9', async () => {
    const page = await browser.newPage({ locale: 'en-US' });
    await page.goto(`${base}/`);
    await page.getByRole('button', { name: 'Open the survey chat' }).click();
    const buttons = page.locator('.choices.score button');
    await expect.poll(() => buttons.count()).toBe(11);
    const classes = await buttons.evaluateAll((all) => all.map((button) => button.className));
    expect(classes).toEqual([...Array(5).fill('detractor'), ...Array(4).fill('passive'), ...Array(2).fill('promoter')]);
    await page.close();
  });
});

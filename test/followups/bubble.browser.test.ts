/**
 * An agent's reply in the open bubble, in Chromium: a detractor on the demo page accepts
 * contact and keeps it in the chat; an agent replies through the API; the reply shows in the
 * panel, named, within 10 seconds and without a reload. Saves the screenshot the closing-the-loop
 * guide shows.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { FollowUp } from '../../src/followups/types.js';
import { expectNoAxeViolations } from '../support/axe.js';
import { CHROMIUM, hasChromium, launchChromium } from '../support/browser.js';
import { ADMIN, agentApi } from './http.js';

/** docs/closing-the-loop-bubble.png is a copy of this. */
export const BUBBLE_SCREENSHOT = join(tmpdir(), 'npsbot-followup-bubble.png');

describe.skipIf(!hasChromium)(`an agent's reply in the bubble (skipped: no ${CHROMIUM})`, () => {
  let app: App;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    app = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ADMIN_TOKEN: ADMIN }));
    base = `http://127.0.0.1:${await app.listen()}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("shows the reply within 10 s without a reload, and takes the customer's answer into the thread", async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 760 }, locale: 'en-US' });
    let loads = 0;
    page.on('load', () => {
      loads += 1;
    });
    await page.goto(`${base}/`);
    const botSays = (text: string) => page.locator('.msg.bot', { hasText: text }).last().waitFor();
    const answer = async (text: string) => {
      await page.getByLabel('Your answer').fill(text);
      await page.getByLabel('Your answer').press('Enter');
    };
    await page.getByRole('button', { name: 'Open the survey chat' }).click();
    await page.getByRole('button', { name: '2', exact: true }).click();
    await botSays('What went wrong?');
    await answer('My order arrived broken');
    await page.getByRole('button', { name: 'Product' }).click();
    await page.getByRole('button', { name: 'Yes' }).click();
    await botSays('How can we reach you?');
    await answer('skip');
    await botSays('reply here in this chat within 24 hours');

    const api = agentApi(base);
    const [followUp] = (await api.list()).json.followUps as FollowUp[];
    expect(followUp).toMatchObject({ status: 'open', channel: 'webchat', reason: 'My order arrived broken' });
    const id = followUp?.id ?? '';
    await api.act(id, 'replies', { agent: 'Ana from Acme', text: "I'm so sorry! A replacement ships today." });
    const shown = page.locator('.msg.agent', { hasText: 'A replacement ships today' });
    await shown.waitFor({ timeout: 10_000 });
    expect(await shown.locator('.author').textContent()).toBe('Ana from Acme');
    expect(loads).toBe(1);
    // The agent's line meets WCAG 2.2 AA too, on a desktop and on a phone.
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 1100, height: 760 });

    await answer('Thank you!');
    await botSays("I've added that to your case");
    // The panel itself: the widget's host element has no box of its own (its parts are fixed).
    await page.locator('.panel').screenshot({ path: BUBBLE_SCREENSHOT });
    const thread = ((await api.get(id)).json as FollowUp).thread;
    expect(thread.filter((entry) => entry.from === 'customer').map((entry) => entry.text)).toEqual(['Thank you!']);
    // The reply was shown once, whatever the number of polls since.
    await page.waitForTimeout(4500);
    expect(await page.locator('.msg.agent').count()).toBe(1);
    await page.close();
  }, 60_000);
});

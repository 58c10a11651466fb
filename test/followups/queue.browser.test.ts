/**
 * The follow-ups queue on the dashboard, in Chromium, signed in on its sign-in page (a session cookie):
 * two web chat detractors' cases listed soonest due first, the overdue one marked; opening a
 * case shows its conversation and thread; an agent claims and replies from the page, and the
 * reply reaches the visitor's web chat transcript; a case opens from the keyboard too, and the
 * queue with an open case passes axe-core's WCAG 2.2 AA rules at 1280 and 390 px, its table
 * scrolling inside its own focusable region on a phone. Saves the screenshot the
 * closing-the-loop guide shows.
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
import { ADMIN, agentApi, eventually, webchatDetractor } from './http.js';

/** docs/closing-the-loop-queue.png is a copy of this. */
export const QUEUE_SCREENSHOT = join(tmpdir(), 'npsbot-followup-queue.png');

const HOUR = 3_600_000;

describe.skipIf(!hasChromium)(`the follow-ups queue on the dashboard (skipped: no ${CHROMIUM})`, () => {
  let app: App;
  let base: string;
  let browser: Browser;
  /** The first case is opened 30 hours ago, past its 24-hour promise. */
  let offset = -30 * HOUR;

  beforeAll(async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ADMIN_TOKEN: ADMIN });
    app = await createApp(config, { clock: () => Date.now() + offset, outboxPollMs: 50 });
    base = `http://127.0.0.1:${await app.listen()}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('lists the cases by due time, and an agent claims and replies from the page to the web chat', async () => {
    const late = await webchatDetractor(base);
    await late.send({ text: 'skip' });
    offset = 0;
    const recent = await webchatDetractor(base);
    await recent.send({ text: 'skip' });
    const listed = (await agentApi(base).list()).json.followUps as FollowUp[];
    const lateId = listed.find((f) => f.user === `anon:${late.sessionId}`)?.id ?? '';
    const recentId = listed.find((f) => f.user === `anon:${recent.sessionId}`)?.id ?? '';

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // Signed in on the dashboard's sign-in page, as an agent does: the session cookie carries the actions.
    await page.goto(`${base}/dashboard`);
    await page.fill('#token', ADMIN);
    await page.click('button[type="submit"]');
    await page.waitForSelector('body[data-state="ready"]');
    const rows = page.locator('#queue-rows tr');
    expect(await rows.evaluateAll((all) => all.map((row) => (row as HTMLElement).dataset.id))).toEqual([
      lateId,
      recentId,
    ]);
    expect(await rows.nth(0).getAttribute('class')).toBe('overdue');
    expect(await rows.nth(0).locator('.tag').textContent()).toBe('overdue');
    expect(await rows.nth(1).getAttribute('class')).toBeNull();

    await page.getByPlaceholder('your name').fill('Ana');
    await rows.nth(1).click();
    await page.locator('#case-transcript li', { hasText: 'The delivery was a week late' }).waitFor();
    expect(await page.locator('#case-title').textContent()).toContain('open');
    expect(await page.locator('#case-thread li').count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Claim' }).click();
    await page.locator('#case-title', { hasText: 'claimed (Ana)' }).waitFor();
    expect(((await agentApi(base).get(recentId)).json as FollowUp).claimedBy).toBe('Ana');

    await page.locator('#case-text').fill('So sorry! Your refund is on its way.');
    await page.getByRole('button', { name: 'Reply to customer' }).click();
    await page.locator('#case-thread li.agent', { hasText: 'Your refund is on its way' }).waitFor();
    const shown = await eventually(recent.transcript, (t) => t.messages.some((m) => m.from === 'agent'));
    expect(shown.messages.filter((m) => m.from === 'agent')).toEqual([
      expect.objectContaining({ author: 'Ana', text: 'So sorry! Your refund is on its way.' }),
    ]);
    // The other visitor hears nothing of it.
    expect((await late.transcript()).messages.some((m) => m.from === 'agent')).toBe(false);
    await page.locator('#queue-rows tr', { hasText: 'Ana' }).waitFor();
    await page.screenshot({ path: QUEUE_SCREENSHOT, fullPage: false });

    // The keyboard opens a case through the button on the customer's name.
    await rows.nth(0).locator('button.open-case').focus();
    await page.keyboard.press('Enter');
    await page.locator('#case-title', { hasText: /open · overdue$/ }).waitFor();
    expect(await page.locator('#case').getAttribute('data-id')).toBe(lateId);
    await expectNoAxeViolations(page);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth);
    const table = page.locator('#queue-table');
    expect(await table.getAttribute('tabindex')).toBe('0');
    // The six columns are wider than a phone: the table scrolls inside its region, not the page.
    expect(await table.evaluate((region) => region.scrollWidth > region.clientWidth)).toBe(true);
    await expectNoAxeViolations(page);
    await context.close();
  }, 60_000);
});

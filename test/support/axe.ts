/**
 * axe-core in a page under test: its source evaluated in the page (nothing fetched; evaluated
 * rather than added as an inline <script>, which a page's Content-Security-Policy rightly
 * refuses), run against WCAG 2.2 AA, and the test failed on any violation with the rule, the
 * elements and why.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];

let source: Promise<string> | undefined;
const axeSource = () => {
  source ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return source;
};

/** Runs axe on the page (or on the elements `context` selects) and expects no violation. */
export async function expectNoAxeViolations(page: Page, context = 'html'): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await axeSource());
  const results = await page.evaluate(
    ([selector, tags]) =>
      (window as unknown as { axe: { run(c: string, o: object): Promise<AxeResults> } }).axe.run(selector, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    [context, WCAG_22_AA] as const,
  );
  const found = results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
  }));
  expect(found, `axe found WCAG 2.2 AA violations on ${page.url()}`).toEqual([]);
}

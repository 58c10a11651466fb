/**
 * The fuzz run in short form (`npm run fuzz` sends 10,000 or more): hostile bodies against the
 * web chat, Slack and Bot Framework endpoints get only 2xx or 4xx answers, every error as JSON
 * `{ error, message }`, and the process stays up.
 */
import { describe, expect, it } from 'vitest';
import { runFuzz } from '../../bench/fuzz.js';

describe('hostile input', () => {
  it('never gets a 5xx or a non-JSON error, and does not take the process down', async () => {
    const report = await runFuzz(2000, 7);
    expect(report.sent).toBe(2000);
    expect(report.violations).toEqual([]);
    expect(report.stillUp).toBe(true);
    // Hostile bodies are mostly refused: a run that only got 2xx would not have tested much.
    const refused = Object.entries(report.byStatus).filter(([status]) => status.startsWith('4'));
    expect(refused.reduce((sum, [, count]) => sum + count, 0)).toBeGreaterThan(1000);
  }, 120_000);
});

/**
 * The soak in short form (`npm run soak` runs 1,000 conversations): two bot processes on one
 * Redis, every message delivered twice, double clicks, and Redis restarted mid-run.
 */
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak.js';

describe('soak with faults', () => {
  it('keeps exactly one response per conversation and never gives a code twice', async () => {
    const report = await runSoak(100);
    expect(report.scored).toBe(100);
    expect(report.responsesInLog).toBe(report.scored);
    expect(report.conversationsWithTwoResponses).toBe(0);
    expect(report.completedResponses).toBe(report.completed);
    expect(report.duplicateRewardCodes).toBe(0);
    expect(report.processesAlive).toBe(true);
    // The restart really happened while people were answering.
    expect(report.unavailableAnswers).toBeGreaterThan(0);
  }, 180_000);
});

/** The summary as text for `/nps report`: the numbers for admins only, in plain lines. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { slackReport } from '../../src/reports/index.js';
import { MemoryStore } from '../../src/store/memory.js';
import { testSurvey } from '../support/survey.js';
import { answerAll, answers } from './support.js';

const survey = testSurvey({ id: 'slack-report-test', reward: { codes: [] }, admins: { slack: ['U-ADMIN'] } });

describe('the summary for /nps report', () => {
  it('gives an admin the worked example as lines of text, and others a refusal', async () => {
    const store = new MemoryStore();
    const now = Date.parse('2026-05-04T10:00:00Z');
    const engine = new Engine({ store, survey, newId: randomUUID, clock: () => now });
    await answerAll(engine, [...answers(26, [4]), ...answers(36, [8]), ...answers(38, [10])]);
    const report = slackReport({ store, survey, clock: () => now });

    expect((await report('U-ADMIN')).split('\n')).toEqual([
      'NPS report, 2026-02-04 to 2026-05-04 (UTC)',
      'NPS 12.0 ± 15.2 (-3.6 to 26.9: too few answers to call a band) from 100 answers',
      'Promoters 38 (38%) · Passives 36 (36%) · Detractors 26 (26%)',
      'Surveys sent 100 · answered 100 (100%) · completed 0 (0%)',
      'Last 90 days; charts on /dashboard.',
    ]);
    const refusal = await report('U-SOMEONE');
    expect(refusal).toContain('for survey admins');
    expect(refusal).not.toContain('NPS 12.0');
  });

  it('names the band when the whole interval lies in it', async () => {
    const store = new MemoryStore();
    const now = Date.parse('2026-05-04T10:00:00Z');
    const engine = new Engine({ store, survey, newId: randomUUID, clock: () => now });
    await answerAll(engine, [...answers(10, [4]), ...answers(30, [8]), ...answers(60, [10])]);
    const lines = (await slackReport({ store, survey, clock: () => now })('U-ADMIN')).split('\n');
    expect(lines[1]).toBe('NPS 50.0 ± 13.1 (35.5 to 61.6: excellent) from 100 answers');
  });

  it('says so when nobody has answered', async () => {
    const report = slackReport({ store: new MemoryStore(), survey, clock: () => Date.parse('2026-05-04T10:00:00Z') });
    expect(await report('U-ADMIN')).toContain('No answers in this period yet.');
  });
});

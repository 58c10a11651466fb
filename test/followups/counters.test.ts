/** The follow-up counters' arithmetic: minute buckets, medians from them, and changes as differences. */
import { describe, expect, it } from 'vitest';
import { countedValuesOf } from '../../src/engine/response.js';
import {
  addFollowUpDay,
  emptyFollowUpTally,
  followUpCounterChanges,
  histogramMedian,
  minuteBucket,
} from '../../src/followups/counters.js';
import { applyAction, openFollowUp } from '../../src/followups/rules.js';
import { testSurvey } from '../support/survey.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('minute buckets', () => {
  it.each([
    [0, 0],
    [20.05, 200],
    [99.99, 999],
    [100, 1000],
    [999, 9990],
    [999.9, 9990],
    [1234.5, 12_300],
    [43_210, 432_000],
  ])('puts %s minutes in bucket %s (tenths of a minute)', (minutes, bucket) => {
    expect(minuteBucket(Math.round(minutes * MINUTE))).toBe(bucket);
  });

  it('keeps every duration within 1% below its value', () => {
    for (let minutes = 0.1; minutes < 100_000; minutes *= 1.37) {
      const bucket = minuteBucket(minutes * MINUTE) / 10;
      expect(bucket).toBeLessThanOrEqual(minutes);
      expect(bucket).toBeGreaterThanOrEqual(Math.min(minutes * 0.99, minutes - 0.1));
    }
  });
});

describe('medians of a histogram', () => {
  it.each([
    [[], null],
    [[[200, 1]], 20],
    [
      [
        [200, 1],
        [900, 1],
      ],
      55,
    ],
    [
      [
        [105, 2],
        [300, 1],
      ],
      10.5,
    ],
    [
      [
        [105, 1],
        [300, 1],
      ],
      20.3, // (10.5 + 30) / 2 = 20.25, rounded as before
    ],
    [
      [
        [100, 3],
        [-5, 0],
      ],
      10,
    ],
  ] as [number[][], number | null][])('of %j is %s', (entries, median) => {
    expect(histogramMedian(new Map(entries as [number, number][]))).toBe(median);
  });
});

describe('follow-up counter changes', () => {
  const survey = testSurvey({ segments: ['plan'], segmentValues: { plan: ['pro'] } });
  const counted = countedValuesOf(survey);
  const T0 = Date.parse('2026-05-04T08:00:00.000Z');
  const opened = openFollowUp({
    id: 'abc-r1',
    responseId: 'r1',
    surveyId: survey.id,
    channel: 'slack',
    user: 'U1',
    conversation: 'D1',
    name: null,
    contact: null,
    score: 3,
    category: 'detractor',
    reason: null,
    area: null,
    touchpoint: 'kiosk',
    properties: { plan: 'trial' },
    locale: 'en',
    consented: true,
    now: T0,
    promiseHours: 24,
  });
  const tally = (changes: ReturnType<typeof followUpCounterChanges>, segment: string | null = null) => {
    const counters = new Map(changes.map(({ field, by }) => [field, by]));
    const result = emptyFollowUpTally();
    const [key = '', value = ''] = segment?.split(':') ?? [];
    addFollowUpDay(result, counters, { channel: null, touchpoint: null, segment: segment ? { key, value } : null });
    return result;
  };

  it('counts an opening on its day, under other for values the survey file does not list', () => {
    const changes = followUpCounterChanges(null, opened, counted);
    expect(new Set(changes.map((change) => change.day))).toEqual(new Set(['2026-05-04']));
    const dueHour = Math.floor((T0 + 24 * HOUR) / HOUR);
    expect(changes.map((change) => change.field).sort()).toEqual(
      [
        'fu|opened|slack|other',
        `fu|waiting|slack|other|${dueHour}`,
        'fusegment|plan%3Aother|opened|slack|other',
        `fusegment|plan%3Aother|waiting|slack|other|${dueHour}`,
      ].sort(),
    );
    expect(tally(changes, 'plan:other')).toMatchObject({ opened: 1, resolved: 0 });
    expect(tally(changes, 'plan:pro')).toMatchObject({ opened: 0 });
  });

  it('moves the counters by the difference, and not at all when nothing counted changes', () => {
    const replied = applyAction(opened, { kind: 'reply', agent: 'ana', text: 'hi', replyId: 'x' }, T0 + 25 * MINUTE);
    if (!replied.ok) throw new Error('reply refused');
    const changes = followUpCounterChanges(opened, replied.followUp, counted);
    const moved = tally(changes);
    expect(moved).toMatchObject({ opened: 0, resolved: 0 });
    expect([...moved.waiting.values()]).toEqual([-1]);
    expect([...moved.reply]).toEqual([[250, 1]]);
    const noted = applyAction(replied.followUp, { kind: 'note', agent: 'ana', text: 'later' }, T0 + HOUR);
    if (!noted.ok) throw new Error('note refused');
    expect(followUpCounterChanges(replied.followUp, noted.followUp, counted)).toEqual([]);
  });
});

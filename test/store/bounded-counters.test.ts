/**
 * Report counters stay bounded whatever touchpoints and properties people send
 * (docs/survey-file.md, "Report counters"): 1,000 conversations with 1,000 distinct touchpoints
 * and plan values leave a few dozen counter fields a day, on every back-end (the hash fields
 * themselves are counted on Redis); the listed touchpoint and plan are counted exactly, the
 * rest under "other"; the summary still adds up, and a filter by an unlisted value says so.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { counterField, dayOf } from '../../src/engine/response.js';
import { RequestError } from '../../src/http/errors.js';
import { parseFilter } from '../../src/reports/filters.js';
import { buildSummary } from '../../src/reports/summary.js';
import { RedisStore } from '../../src/store/redis.js';
import { allStoreBackends } from '../support/stores.js';
import { testSurvey } from '../support/survey.js';

const PEOPLE = 1000;
/** Every tenth person answers at the listed touchpoint; every seventh is on the listed plan. */
const touchpointOf = (i: number) => (i % 10 === 0 ? 'checkout' : `flood-${i}-${randomUUID().slice(0, 4)}`);
const planOf = (i: number) => (i % 7 === 0 ? 'pro' : `plan-${i}`);
const scoreOf = (i: number) => (i % 3 === 0 ? 3 : 9);

/** The hash fields actually stored for the day, over every shard's key. */
async function storedFields(
  store: unknown,
  surveyId: string,
  day: string,
): Promise<{ fields: string[]; shards: number } | null> {
  if (!(store instanceof RedisStore)) return null;
  const fields: string[] = [];
  for (let shard = 0; shard < store.keys.shardCount; shard += 1)
    fields.push(...(await store.client.hkeys(store.keys.rollup(shard, surveyId, day))));
  return { fields, shards: store.keys.shardCount };
}

describe.each(allStoreBackends())('bounded report counters on %s', (_name, open) => {
  it('1,000 distinct touchpoints and plans: bounded fields, listed ones exact, the rest "other"', async () => {
    const subject = await open();
    try {
      const survey = testSurvey({
        id: `bounded-${randomUUID().slice(0, 8)}`,
        segments: ['plan'],
        touchpoints: ['checkout'],
        segmentValues: { plan: ['pro'] },
      });
      const engine = new Engine({ store: subject.store, survey, newId: randomUUID });
      const one = async (i: number) => {
        const key = { channel: 'slack' as const, user: `U-${randomUUID()}`, conversation: `D-${i}` };
        const start = { kind: 'start' as const, startedBy: 'bot' as const, touchpoint: touchpointOf(i) };
        await engine.handle({ ...key, event: { ...start, properties: { plan: planOf(i) } } });
        await engine.handle({ ...key, event: { kind: 'text', text: String(scoreOf(i)) } });
      };
      for (let i = 0; i < PEOPLE; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => one(i + j)));

      const day = dayOf(Date.now());
      const counters = (await subject.store.readRollups(survey.id, [day])).get(day) ?? new Map<string, number>();
      // score×2, answered and sent for two touchpoints, and score×2 for two plan values at each: 16.
      expect(counters.size).toBeLessThanOrEqual(16);
      expect([...counters.keys()].filter((field) => /flood|plan-/.test(field))).toEqual([]);
      const stored = await storedFields(subject.store, survey.id, day);
      if (stored) {
        expect(new Set(stored.fields)).toEqual(new Set(counters.keys()));
        expect(stored.fields.length).toBeLessThanOrEqual(16 * stored.shards);
      }

      const people = Array.from({ length: PEOPLE }, (_, i) => i);
      const count = (where: (i: number) => boolean) => people.filter(where).length;
      const atCheckout = (i: number) => i % 10 === 0;
      const onPro = (i: number) => i % 7 === 0;
      expect(counters.get(counterField('sent', 'slack', 'checkout'))).toBe(count(atCheckout));
      expect(counters.get(counterField('sent', 'slack', 'other'))).toBe(count((i) => !atCheckout(i)));
      expect(counters.get(counterField('score', 'slack', 'checkout', 9))).toBe(
        count((i) => atCheckout(i) && scoreOf(i) === 9),
      );
      expect(counters.get(counterField('score', 'slack', 'other', 3))).toBe(
        count((i) => !atCheckout(i) && scoreOf(i) === 3),
      );
      expect(counters.get(counterField('segment', 'plan:pro', 'slack', 'other', 9))).toBe(
        count((i) => !atCheckout(i) && onPro(i) && scoreOf(i) === 9),
      );
      expect(counters.get(counterField('segment', 'plan:other', 'slack', 'checkout', 3))).toBe(
        count((i) => atCheckout(i) && !onPro(i) && scoreOf(i) === 3),
      );

      const summary = (params: Record<string, string>) =>
        buildSummary(subject.store, survey, parseFilter(params, survey.segments, Date.now()));
      const all = await summary({});
      expect(all.total).toBe(PEOPLE);
      expect(all.responseRate).toMatchObject({ sent: PEOPLE, answered: PEOPLE });
      expect(all.promoters).toBe(count((i) => scoreOf(i) === 9));
      expect((await summary({ touchpoint: 'checkout' })).total).toBe(count(atCheckout));
      expect((await summary({ touchpoint: 'other' })).total).toBe(count((i) => !atCheckout(i)));
      expect((await summary({ segment: 'plan:pro' })).total).toBe(count(onPro));
      expect((await summary({ segment: 'plan:other' })).total).toBe(count((i) => !onPro(i)));
      // Filtered by a value with no counters of its own, a report would show someone else's numbers.
      await expect(summary({ touchpoint: 'flood-3' })).rejects.toThrow(RequestError);
      await expect(summary({ touchpoint: 'flood-3' })).rejects.toThrow(
        /no report counters of its own.*touchpoint=other/,
      );
      await expect(summary({ segment: 'plan:plan-3' })).rejects.toThrow(/segment=plan:other/);

      // The stored response keeps the real values for the listing and the CSV.
      const page = await subject.store.listResponses(survey.id, { from: 0, to: Date.now(), limit: 20, order: 'asc' });
      expect(page.responses.some((response) => response.touchpoint?.startsWith('flood-'))).toBe(true);
    } finally {
      await subject.cleanUp();
    }
  }, 120_000);
});

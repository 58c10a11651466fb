/** The reward pool run directly against memory, the Redis server and a local Cluster. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/store/redis.js';
import { allStoreBackends, type StoreUnderTest } from '../support/stores.js';

describe.each(allStoreBackends())('reward pool on %s', (_name, open) => {
  let subject: StoreUnderTest;
  beforeAll(async () => {
    subject = await open();
  });
  afterAll(async () => {
    await subject.cleanUp();
  });

  it('gives 150 codes to 150 of 200 promoters claiming at once, and the same code again to each', async () => {
    const surveyId = `rewards-${randomUUID()}`;
    const codes = Array.from({ length: 150 }, (_, i) => `CODE-${i}`);
    expect(await subject.store.addRewardCodes(surveyId, codes)).toBe(150);
    const people = Array.from({ length: 200 }, (_, i) => ({ channel: 'slack' as const, user: `U${i}` }));
    const claims = await Promise.all(people.map((person) => subject.store.claimReward(surveyId, person)));
    const issued = claims.flatMap((claim) => (claim.code ? [claim.code] : []));
    expect(issued).toHaveLength(150);
    expect(new Set(issued).size).toBe(150);
    expect(claims.filter((claim) => claim.exhausted)).toHaveLength(50);
    const again = await Promise.all(people.map((person) => subject.store.claimReward(surveyId, person)));
    expect(again).toEqual(claims);
  });

  it.each([
    { first: ['A', 'B'], later: ['B', 'C', 'C'], added: 1, pool: 3 },
    { first: ['A'], later: ['A'], added: 0, pool: 1 },
    { first: [], later: ['X', 'Y'], added: 2, pool: 2 },
  ])('adds only codes never seen before ($later after $first)', async ({ first, later, added, pool }) => {
    const surveyId = `rewards-${randomUUID()}`;
    await subject.store.addRewardCodes(surveyId, first);
    expect(await subject.store.addRewardCodes(surveyId, later)).toBe(added);
    const claims = await Promise.all(
      Array.from({ length: pool + 1 }, (_, i) =>
        subject.store.claimReward(surveyId, { channel: 'slack', user: `U${i}` }),
      ),
    );
    expect(claims.filter((claim) => claim.code !== null)).toHaveLength(pool);
    expect(claims.filter((claim) => claim.exhausted)).toHaveLength(1);
  });

  it('does not add a code back once it has been given out', async () => {
    const surveyId = `rewards-${randomUUID()}`;
    await subject.store.addRewardCodes(surveyId, ['ONLY']);
    expect((await subject.store.claimReward(surveyId, { channel: 'teams', user: 'a' })).code).toBe('ONLY');
    expect(await subject.store.addRewardCodes(surveyId, ['ONLY'])).toBe(0);
    expect(await subject.store.claimReward(surveyId, { channel: 'teams', user: 'b' })).toEqual({
      code: null,
      exhausted: true,
    });
  });

  it('keeps pools of different surveys apart', async () => {
    const [one, two] = [`rewards-${randomUUID()}`, `rewards-${randomUUID()}`];
    await subject.store.addRewardCodes(one, ['ONE']);
    const person = { channel: 'webchat' as const, user: 'same' };
    expect((await subject.store.claimReward(two, person)).exhausted).toBe(true);
    expect((await subject.store.claimReward(one, person)).code).toBe('ONE');
  });
});

/**
 * Redis loses the pool's `known` set (evicted under allkeys-lru, or a restart that kept the
 * rest) and a bot restarts: the refill must not put back a code someone already holds. The
 * memory store keeps its pool whole, so there the loss is a no-op and the rule still holds.
 */
describe.each(allStoreBackends())('a refill after the known codes were lost, on %s', (_name, open) => {
  let subject: StoreUnderTest;
  beforeAll(async () => {
    subject = await open();
  });
  afterAll(async () => {
    await subject.cleanUp();
  });

  async function loseKeys(surveyId: string, parts: readonly ('known' | 'pool')[]): Promise<void> {
    const { store } = subject;
    if (!(store instanceof RedisStore)) return;
    const keys = store.keys.rewards(surveyId);
    for (const part of parts) await store.client.del(keys[part]);
  }

  it.each([
    // The codes never given (C3, C4) are still in the pool, or go back into it; the given ones never do.
    { lost: ['known'] as const, added: 0 },
    { lost: ['known', 'pool'] as const, added: 2 },
  ])('gives no code twice when $lost is gone and the codes are loaded again', async ({ lost, added }) => {
    const surveyId = `rewards-${randomUUID()}`;
    const codes = ['C0', 'C1', 'C2', 'C3', 'C4'];
    await subject.store.addRewardCodes(surveyId, codes);
    const first = await Promise.all(
      ['a', 'b', 'c'].map((user) => subject.store.claimReward(surveyId, { channel: 'slack', user })),
    );
    await loseKeys(surveyId, lost);
    // The restarted bot loads the survey file's codes again.
    expect(await subject.store.addRewardCodes(surveyId, codes)).toBe(subject.store instanceof RedisStore ? added : 0);
    const later = await Promise.all(
      ['d', 'e', 'f', 'g'].map((user) => subject.store.claimReward(surveyId, { channel: 'slack', user })),
    );
    const given = [...first, ...later].flatMap((claim) => (claim.code ? [claim.code] : []));
    expect(new Set(given).size).toBe(given.length);
    expect(later.flatMap((claim) => (claim.code ? [claim.code] : [])).sort()).toEqual(['C3', 'C4']);
    expect(later.filter((claim) => claim.exhausted)).toHaveLength(2);
  });
});

/**
 * The outbox run directly against memory, the Redis server and a local Cluster: events written
 * with a turn are claimed earliest due first under a limit, leased, and settled.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingEvent } from '../../src/store/types.js';
import { allStoreBackends, type StoreUnderTest } from '../support/stores.js';
import { freshKey, recordFor, turnWrite } from '../support/turn-writes.js';

const T = 1_700_000_000_000;

function event(id: string): OutgoingEvent {
  return { id, type: 'response.scored', at: new Date(T).toISOString(), data: { id } };
}

describe.each(allStoreBackends())('outbox on %s', (_name, open) => {
  let subject: StoreUnderTest;
  beforeEach(async () => {
    subject = await open();
  });
  afterEach(async () => {
    await subject.cleanUp();
  });

  /** One turn per event, each by another person (so on other shards), due at `now` of its turn. */
  async function raise(dues: Readonly<Record<string, number | undefined>>): Promise<void> {
    for (const [id, due] of Object.entries(dues)) {
      if (due === undefined) continue;
      const key = freshKey();
      await subject.store.commit(turnWrite(key, recordFor(key), { events: [event(id)], now: due }));
    }
  }

  const ids = (claimed: { event: OutgoingEvent }[]) => claimed.map((pending) => pending.event.id);

  it.each([
    { dues: { c: T + 3, b: T + 2, a: T + 1 }, now: T + 3, limit: 1, want: ['a'] },
    { dues: { a: T + 1, b: T + 2, c: T + 3 }, now: T + 3, limit: 2, want: ['a', 'b'] },
    { dues: { e: T + 5, a: T + 1, i: T + 9, c: T + 3 }, now: T + 9, limit: 3, want: ['a', 'c', 'e'] },
    { dues: { b: T + 2, h: T + 8, a: T + 1 }, now: T + 5, limit: 10, want: ['a', 'b'] },
    { dues: { b: T + 2 }, now: T + 1, limit: 10, want: [] },
  ])('hands out the earliest due under a limit: $want', async ({ dues, now, limit, want }) => {
    await raise(dues);
    expect(ids(await subject.store.claimEvents(now, now + 1000, limit))).toEqual(want);
    expect(await subject.store.outboxBacklog()).toBe(Object.keys(dues).length);
  });

  it('keeps a leased event from other takers until its lease runs out', async () => {
    await raise({ a: T, b: T });
    const first = await subject.store.claimEvents(T, T + 1000, 10);
    expect(ids(first).sort()).toEqual(['a', 'b']);
    expect(await subject.store.claimEvents(T + 999, T + 2000, 10)).toEqual([]);
    // The taker crashed: after the lease, the events come back, with nothing recorded as done.
    const again = await subject.store.claimEvents(T + 1000, T + 3000, 10);
    expect(ids(again).sort()).toEqual(['a', 'b']);
    expect(again.every((pending) => pending.attempts === 0 && pending.done.length === 0)).toBe(true);
  });

  it.each([
    { settlement: { delivered: true as const }, backlog: 0, laterIds: [] as string[] },
    {
      settlement: { delivered: false as const, retryAt: T + 500, attempts: 1, done: ['webhook'] },
      backlog: 1,
      laterIds: ['a'],
    },
  ])('settles a claimed event (delivered: $settlement.delivered)', async ({ settlement, backlog, laterIds }) => {
    await raise({ a: T });
    const [pending] = await subject.store.claimEvents(T, T + 10_000, 1);
    if (!pending) throw new Error('nothing claimed');
    await subject.store.settleEvent(pending, settlement);
    expect(await subject.store.outboxBacklog()).toBe(backlog);
    // A retry is due at its retry time, not at the end of the lease it was claimed under.
    expect(await subject.store.claimEvents(T + 499, T + 600, 10)).toEqual([]);
    const later = await subject.store.claimEvents(T + 500, T + 600, 10);
    expect(ids(later)).toEqual(laterIds);
    if (!settlement.delivered) expect(later[0]).toMatchObject({ attempts: 1, done: ['webhook'] });
  });

  it('hands each due event to one of many concurrent takers', async () => {
    await raise(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`e${i}`, T + i])));
    const takes = await Promise.all(Array.from({ length: 6 }, () => subject.store.claimEvents(T + 50, T + 9000, 4)));
    const taken = takes.flatMap(ids);
    // Racing takers may each get less than they asked for; nothing is taken twice or lost.
    const rest = ids(await subject.store.claimEvents(T + 50, T + 9000, 100));
    expect([...taken, ...rest]).toHaveLength(20);
    expect(new Set([...taken, ...rest]).size).toBe(20);
  });
});

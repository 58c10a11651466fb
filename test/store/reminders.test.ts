/**
 * The reminder schedule run directly against memory, the Redis server and a local Cluster:
 * due reminders come earliest first under a limit, across shards, each to one taker once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationKey } from '../../src/store/types.js';
import { allStoreBackends, type StoreUnderTest } from '../support/stores.js';
import { freshKey, recordFor, turnWrite } from '../support/turn-writes.js';

const T = 1_700_000_000_000;

describe.each(allStoreBackends())('reminder schedule on %s', (_name, open) => {
  let subject: StoreUnderTest;
  beforeEach(async () => {
    subject = await open();
  });
  afterEach(async () => {
    await subject.cleanUp();
  });

  /** Schedules one reminder per due time, written in the order given; returns the keys by due time. */
  async function schedule(dues: readonly number[]): Promise<Map<number, ConversationKey>> {
    const byDue = new Map<number, ConversationKey>();
    for (const due of dues) {
      const key = freshKey();
      await subject.store.commit(turnWrite(key, recordFor(key), { reminderAt: due }));
      byDue.set(due, key);
    }
    return byDue;
  }

  it.each([
    { name: 'written latest first', dues: [T + 3, T + 2, T + 1], now: T + 3, limit: 1, want: [T + 1] },
    { name: 'written earliest first', dues: [T + 1, T + 2, T + 3], now: T + 3, limit: 2, want: [T + 1, T + 2] },
    { name: 'mixed', dues: [T + 5, T + 1, T + 9, T + 3, T + 7], now: T + 9, limit: 3, want: [T + 1, T + 3, T + 5] },
    { name: 'some not due', dues: [T + 2, T + 8, T + 1], now: T + 5, limit: 10, want: [T + 1, T + 2] },
    { name: 'none due', dues: [T + 2, T + 8], now: T + 1, limit: 10, want: [] },
    { name: 'exactly due', dues: [T + 4], now: T + 4, limit: 1, want: [T + 4] },
  ])('hands out the earliest due under a limit ($name)', async ({ dues, now, limit, want }) => {
    const byDue = await schedule(dues);
    const claimed = await subject.store.claimDueReminders(now, limit);
    expect(claimed).toEqual(want.map((due) => byDue.get(due)));
  });

  it('hands each due reminder out once, to one of many concurrent takers', async () => {
    const dues = Array.from({ length: 30 }, (_, i) => T + i);
    const byDue = await schedule(dues);
    const takes = await Promise.all(Array.from({ length: 8 }, () => subject.store.claimDueReminders(T + 100, 5)));
    const taken = takes.flat();
    const rest = await subject.store.claimDueReminders(T + 100, 100);
    expect([...taken, ...rest]).toHaveLength(30);
    expect(new Set([...taken, ...rest].map((key) => key.conversation)).size).toBe(30);
    expect(new Set([...byDue.values()].map((key) => key.conversation))).toEqual(
      new Set([...taken, ...rest].map((key) => key.conversation)),
    );
    expect(await subject.store.claimDueReminders(T + 100, 100)).toEqual([]);
  });

  it.each([
    { change: null, want: 0 },
    { change: undefined, want: 1 },
    { change: T + 50, want: 0 },
  ])('a later write with reminder $change leaves $want due', async ({ change, want }) => {
    const key = freshKey();
    const record = recordFor(key);
    await subject.store.commit(turnWrite(key, record, { reminderAt: T + 10 }));
    await subject.store.commit(turnWrite(key, record, { expectedVersion: 1, reminderAt: change }));
    expect(await subject.store.claimDueReminders(T + 20, 10)).toHaveLength(want);
  });
});

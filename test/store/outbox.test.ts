/**
 * The outbox run directly against memory, the Redis server and a local Cluster: events written
 * with a turn are claimed earliest due first under a limit, leased, and settled; the age of the
 * oldest; dead letters kept, paged, put back and erased with their person.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingEvent } from '../../src/store/types.js';
import { allStoreBackends, type StoreUnderTest } from '../support/stores.js';
import { freshKey, recordFor, turnWrite } from '../support/turn-writes.js';

const T = 1_700_000_000_000;

function event(id: string, data: unknown = { id }): OutgoingEvent {
  return { id, type: 'response.scored', at: new Date(T).toISOString(), data };
}

const trace = { firstAttemptAt: T + 10, lastAttemptAt: T + 20, lastError: 'webhook: webhook answered 410' };

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

describe.each(allStoreBackends())('dead letters and the oldest pending event on %s', (_name, open) => {
  let subject: StoreUnderTest;
  beforeEach(async () => {
    subject = await open();
  });
  afterEach(async () => {
    await subject.cleanUp();
  });

  async function raise(id: string, now: number, key = freshKey()): Promise<void> {
    const data = { id, channel: key.channel, user: key.user };
    await subject.store.commit(turnWrite(key, recordFor(key), { events: [event(id, data)], now }));
  }

  async function claimOne(now: number) {
    const [pending] = await subject.store.claimEvents(now, now + 1000, 1);
    if (!pending) throw new Error('nothing claimed');
    return pending;
  }

  const letter = (deadAt: number) => ({
    attempts: 3,
    done: ['slack-escalations'],
    sinks: ['webhook'],
    deadAt,
    ...trace,
  });

  it('keeps a dead letter out of delivery, with its story, until it is put back', async () => {
    await raise('a', T);
    const pending = await claimOne(T);
    await subject.store.settleEvent(pending, { delivered: false, deadLetter: letter(T + 30) });
    expect(await subject.store.outboxBacklog()).toBe(0);
    expect(await subject.store.claimEvents(T + 10_000_000, T + 10_001_000, 10)).toEqual([]);
    expect(await subject.store.deadLetterCount()).toBe(1);
    const page = await subject.store.listDeadLetters(null, 10);
    expect(page.next).toBeNull();
    expect(page.deadLetters).toEqual([{ event: pending.event, ...letter(T + 30) }]);

    expect(await subject.store.retryDeadLetter('unknown', T + 40)).toBe(false);
    expect(await subject.store.retryDeadLetter('a', T + 40)).toBe(true);
    expect(await subject.store.retryDeadLetter('a', T + 40)).toBe(false);
    expect(await subject.store.deadLetterCount()).toBe(0);
    // Back in the outbox, due now, attempts counted afresh; the sink that took it is still skipped.
    const again = await claimOne(T + 40);
    expect(again).toMatchObject({ event: pending.event, attempts: 0, done: ['slack-escalations'] });
  });

  it('pages dead letters by the time they died, ties by id, without repeats or gaps', async () => {
    const deaths: Record<string, number> = { e: T + 5, b: T + 2, d: T + 2, a: T + 1, c: T + 2, f: T + 9 };
    for (const id of Object.keys(deaths)) await raise(id, T);
    for (const pending of await subject.store.claimEvents(T, T + 1000, 100)) {
      await subject.store.settleEvent(pending, { delivered: false, deadLetter: letter(deaths[pending.event.id] ?? 0) });
    }
    const seen: string[] = [];
    let after = null;
    for (let pages = 0; pages < 10; pages++) {
      const page = await subject.store.listDeadLetters(after, 2);
      seen.push(...page.deadLetters.map((dead) => dead.event.id));
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('tells when the oldest pending event was written, claimed or not, retried or not', async () => {
    expect(await subject.store.oldestPendingAt()).toBeNull();
    await raise('late', T + 5);
    await raise('early', T + 1);
    expect(await subject.store.oldestPendingAt()).toBe(T + 1);
    // Claimed (due at the end of its lease) and then put back for later: still written at T + 1.
    const early = await claimOne(T + 1);
    expect(early.event.id).toBe('early');
    expect(await subject.store.oldestPendingAt()).toBe(T + 1);
    await subject.store.settleEvent(early, { delivered: false, retryAt: T + 60_000, attempts: 1, done: [], ...trace });
    expect(await subject.store.oldestPendingAt()).toBe(T + 1);
    const [late] = await subject.store.claimEvents(T + 10, T + 1000, 1);
    if (!late) throw new Error('nothing claimed');
    await subject.store.settleEvent(late, { delivered: true });
    expect(await subject.store.oldestPendingAt()).toBe(T + 1);
    const retried = await claimOne(T + 60_000);
    expect(retried).toMatchObject({ attempts: 1, ...trace });
    await subject.store.settleEvent(retried, { delivered: true });
    expect(await subject.store.oldestPendingAt()).toBeNull();
  });

  it('erases pending events and dead letters about a person, and an erased event is not brought back', async () => {
    const person = freshKey();
    const other = freshKey();
    await raise('theirs-dead', T, person);
    await raise('other-dead', T, other);
    for (const pending of await subject.store.claimEvents(T, T + 1000, 10)) {
      await subject.store.settleEvent(pending, { delivered: false, deadLetter: letter(T + 5) });
    }
    await raise('theirs-in-flight', T + 10, { ...person, conversation: `${person.conversation}-2` });
    const inFlight = await claimOne(T + 10);
    const report = await subject.store.erase(person, []);
    expect(report.events).toBe(2);
    // The delivery that held the event when it was erased settles afterwards: it stays erased.
    await subject.store.settleEvent(inFlight, { delivered: false, retryAt: T + 20, attempts: 1, done: [], ...trace });
    expect(await subject.store.outboxBacklog()).toBe(0);
    expect(await subject.store.oldestPendingAt()).toBeNull();
    const page = await subject.store.listDeadLetters(null, 10);
    expect(page.deadLetters.map((dead) => dead.event.id)).toEqual(['other-dead']);
  });
});

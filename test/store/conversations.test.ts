/**
 * The conversation log (load, commit, transcript) run directly against memory, the Redis
 * server and a local Cluster: versions under compare-and-set, expiry, transcript ranges, and
 * where the channel posted the bot's messages (kept with the conversation).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allStoreBackends, type StoreUnderTest } from '../support/stores.js';
import { freshKey, recordFor, turnWrite, userLine } from '../support/turn-writes.js';

describe.each(allStoreBackends())('conversation log on %s', (_name, open) => {
  let subject: StoreUnderTest;
  beforeAll(async () => {
    subject = await open();
  });
  afterAll(async () => {
    await subject.cleanUp();
  });

  it.each([
    { writes: 0, version: 0 },
    { writes: 1, version: 1 },
    { writes: 3, version: 3 },
  ])('reads version $version after $writes writes', async ({ writes, version }) => {
    const key = freshKey();
    const record = recordFor(key);
    for (let expected = 0; expected < writes; expected++) {
      expect(await subject.store.commit(turnWrite(key, record, { expectedVersion: expected }))).toEqual({
        ok: true,
        version: expected + 1,
      });
    }
    const loaded = await subject.store.load(key);
    expect(loaded.version).toBe(version);
    expect(loaded.record === null).toBe(writes === 0);
  });

  it.each([
    { expected: 0, stored: 1 },
    { expected: 2, stored: 1 },
    { expected: 1, stored: 2 },
  ])('refuses a write expecting version $expected when $stored is stored', async ({ expected, stored }) => {
    const key = freshKey();
    const record = recordFor(key);
    for (let v = 0; v < stored; v++) await subject.store.commit(turnWrite(key, record, { expectedVersion: v }));
    expect(await subject.store.commit(turnWrite(key, record, { expectedVersion: expected }))).toEqual({
      ok: false,
      reason: 'conflict',
    });
    expect((await subject.store.load(key)).version).toBe(stored);
  });

  it('keeps the record exactly as written', async () => {
    const key = freshKey();
    const record = { ...recordFor(key), touchpoint: 'checkout', properties: { plan: 'pro', 'ü|x': 'ß' } };
    await subject.store.commit(turnWrite(key, record));
    expect((await subject.store.load(key)).record).toEqual(record);
  });

  it('forgets an expired conversation: no record, version 0, no transcript, and a fresh start', async () => {
    const key = freshKey();
    const record = recordFor(key);
    await subject.store.commit(turnWrite(key, record, { ttlSeconds: 1, transcript: [userLine('old')] }));
    await subject.store.commit(turnWrite(key, record, { ttlSeconds: 1, expectedVersion: 1 }));
    expect((await subject.store.load(key)).version).toBe(2);
    await subject.passTime(1300);
    const loaded = await subject.store.load(key);
    expect(loaded).toMatchObject({ record: null, version: 0 });
    expect(await subject.store.readTranscript(key)).toEqual([]);
    // The version read after expiry is the one a new write must expect.
    expect(await subject.store.commit(turnWrite(key, record, { transcript: [userLine('new')] }))).toEqual({
      ok: true,
      version: 1,
    });
    expect((await subject.store.readTranscript(key)).map((line) => line.from === 'user' && line.text)).toEqual(['new']);
  });

  it('remembers where messages were posted as long as the conversation, across its writes, and not for a gone one', async () => {
    const key = freshKey();
    const record = recordFor(key);
    await subject.store.rememberPosted(key, { m2: 'before-any-write' });
    await subject.store.commit(turnWrite(key, record, { ttlSeconds: 1 }));
    expect(await subject.store.findPosted(key, ['m2'])).toEqual({});
    await subject.store.rememberPosted(key, { m2: 'activity-1', m4: '1712.0001' });
    await subject.store.rememberPosted(key, { m6: 'activity-3' });
    await subject.store.commit(turnWrite(key, record, { ttlSeconds: 1, expectedVersion: 1 }));
    expect(await subject.store.findPosted(key, ['m2', 'm3', 'm6'])).toEqual({ m2: 'activity-1', m6: 'activity-3' });
    // The turn's own read is unchanged by what is kept beside it.
    expect(await subject.store.load(key)).toMatchObject({ record, version: 2 });
    expect(await subject.store.findPosted(freshKey(), ['m2'])).toEqual({});
    await subject.passTime(1300);
    expect(await subject.store.findPosted(key, ['m2'])).toEqual({});
    await subject.store.rememberPosted(key, { m8: 'after-expiry' });
    expect((await subject.store.load(key)).version).toBe(0);
    expect(await subject.store.findPosted(key, ['m8'])).toEqual({});
  });

  it('keeps a conversation its whole time to live after each write', async () => {
    const key = freshKey();
    const record = recordFor(key);
    await subject.store.commit(turnWrite(key, record, { ttlSeconds: 2 }));
    await subject.passTime(1200);
    await subject.store.commit(turnWrite(key, record, { ttlSeconds: 2, expectedVersion: 1 }));
    await subject.passTime(1200);
    expect((await subject.store.load(key)).record).not.toBeNull();
  });

  const lines = ['a', 'b', 'c', 'd', 'e'];
  it.each([
    { from: undefined, to: undefined, want: ['a', 'b', 'c', 'd', 'e'] },
    { from: 0, to: 0, want: ['a'] },
    { from: 1, to: 3, want: ['b', 'c', 'd'] },
    { from: 3, to: 99, want: ['d', 'e'] },
    { from: -2, to: -1, want: ['d', 'e'] },
    { from: 0, to: -2, want: ['a', 'b', 'c', 'd'] },
    { from: 4, to: 2, want: [] },
    { from: 7, to: -1, want: [] },
  ])('reads transcript lines $from to $to', async ({ from, to, want }) => {
    const key = freshKey();
    const record = recordFor(key);
    // Two writes, so the range spans lines appended by different turns.
    await subject.store.commit(turnWrite(key, record, { transcript: lines.slice(0, 2).map((t) => userLine(t)) }));
    await subject.store.commit(
      turnWrite(key, record, { expectedVersion: 1, transcript: lines.slice(2).map((t) => userLine(t)) }),
    );
    const read = await subject.store.readTranscript(key, from, to);
    expect(read.map((line) => (line.from === 'user' ? line.text : null))).toEqual(want);
  });

  it('loads the person record with the conversation', async () => {
    const key = freshKey();
    const record = recordFor(key);
    expect((await subject.store.load(key)).person).toEqual({ optedOut: false, lastSurveyedAt: null });
    await subject.store.commit(turnWrite(key, record, { person: { optedOut: true, lastSurveyedAt: 42 } }));
    expect((await subject.store.load(key)).person).toEqual({ optedOut: true, lastSurveyedAt: 42 });
    // Another conversation of the same person sees the same record.
    expect((await subject.store.load({ ...key, conversation: 'other' })).person.optedOut).toBe(true);
  });
});

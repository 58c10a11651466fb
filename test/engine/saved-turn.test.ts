/**
 * How a turn whose write failed tells whether it was saved all the same (src/engine/saved-turn.ts),
 * against what a real store reads back after the write did land.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdsTurn } from '../../src/engine/saved-turn.js';
import type { Inbound } from '../../src/engine/types.js';
import { redisStore, type StoreUnderTest } from '../support/stores.js';
import { freshKey, recordFor, turnWrite } from '../support/turn-writes.js';

describe('a turn read back after its write failed', () => {
  let subject: StoreUnderTest;
  beforeAll(async () => {
    subject = await redisStore('redis://127.0.0.1:6379');
  });
  afterAll(async () => {
    await subject?.cleanUp();
  });

  const cases: { name: string; messageId: string | null; stored: 'ours' | 'another' | 'none'; saved: boolean }[] = [
    { name: 'its message id is remembered', messageId: 'm-1', stored: 'ours', saved: true },
    { name: 'another turn was saved, not this message', messageId: 'm-2', stored: 'another', saved: false },
    {
      name: 'without a message id, its own record is at the next version',
      messageId: null,
      stored: 'ours',
      saved: true,
    },
    { name: 'without a message id, a different record is there', messageId: null, stored: 'another', saved: false },
    { name: 'nothing was saved', messageId: 'm-1', stored: 'none', saved: false },
  ];

  it.each(cases)('$name: saved = $saved', async ({ messageId, stored, saved }) => {
    const key = freshKey();
    const ours = { ...recordFor(key), recent: messageId ? [{ messageId, from: 0, count: 1, done: false }] : [] };
    const write = turnWrite(key, ours);
    const { store } = subject;
    if (stored === 'ours') await store.commit(write);
    if (stored === 'another') {
      const other = { ...recordFor(key), recent: [{ messageId: 'm-other', from: 0, count: 1, done: false }] };
      await store.commit(turnWrite(key, other));
    }
    const inbound: Inbound = { ...key, messageId, event: { kind: 'text', text: '9' } };
    expect(holdsTurn(await store.load(key), write, inbound)).toBe(saved);
  });
});

/**
 * The embedded store on a simulated clock: conversations that expire are dropped when read
 * and swept out on a timer, so a long-running process holds only what is live.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryStore } from '../../src/store/memory.js';
import { freshKey, recordFor, turnWrite, userLine } from '../support/turn-writes.js';

const MINUTE = 60_000;

describe('memory store eviction', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stays bounded while a stream of conversations expires, untouched, over a simulated day', async () => {
    let now = Date.parse('2026-06-01T00:00:00Z');
    const store = new MemoryStore(() => now, { sweepEveryMs: MINUTE });
    const heldAfterEachRound: number[] = [];
    for (let minute = 0; minute < 24 * 60; minute += 10) {
      // 50 new conversations every 10 minutes, each kept for 30 minutes and never read again.
      for (let i = 0; i < 50; i++) {
        const key = freshKey();
        await store.commit(turnWrite(key, recordFor(key, now), { ttlSeconds: 1800, transcript: [userLine('hi')] }));
      }
      now += 10 * MINUTE;
      vi.advanceTimersByTime(10 * MINUTE);
      heldAfterEachRound.push(store.heldKeys().conversations);
    }
    // 144 rounds wrote 7,200 conversations; at most the last 30 minutes' worth are held.
    expect(Math.max(...heldAfterEachRound)).toBeLessThanOrEqual(150);
    expect(store.heldKeys().total).toBeLessThanOrEqual(300);
    await store.close();
  });

  it('drops an expired conversation when it is read, before any sweep', async () => {
    let now = 1_000_000;
    const store = new MemoryStore(() => now, { sweepEveryMs: 24 * 60 * MINUTE });
    const key = freshKey();
    await store.commit(turnWrite(key, recordFor(key, now), { ttlSeconds: 60 }));
    expect(store.heldKeys().conversations).toBe(1);
    now += 61_000;
    expect((await store.load(key)).version).toBe(0);
    expect(store.heldKeys().conversations).toBe(0);
    await store.close();
  });

  it('stops its sweep on close', async () => {
    const store = new MemoryStore(Date.now, { sweepEveryMs: MINUTE });
    expect(vi.getTimerCount()).toBe(1);
    await store.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});

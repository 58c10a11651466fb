/**
 * The scheduler's records on every back-end (memory, Redis, Redis Cluster): one leader per
 * wave at a time, a member claimed once until its lease runs out, settled members never
 * claimed again, and a wiped wave written back from a process's copy without overwriting.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allStoreBackends, type StoreUnderTest } from '../support/stores.js';

const KEEP = 86_400_000;
const T = Date.UTC(2026, 0, 5);

describe.each(allStoreBackends())('schedule store: %s', (_, open) => {
  let under: StoreUnderTest;
  beforeEach(async () => {
    under = await open();
  });
  afterEach(async () => {
    await under.cleanUp();
  });

  it('lets one owner lead a wave until its lease runs out, and renews the leader', async () => {
    const { store } = under;
    expect(await store.leaseWave('q:2026-01-05', 'a', T, T + 60_000, KEEP)).toBe(true);
    expect(await store.leaseWave('q:2026-01-05', 'b', T + 1000, T + 61_000, KEEP)).toBe(false);
    expect(await store.leaseWave('q:2026-01-05', 'a', T + 30_000, T + 90_000, KEEP)).toBe(true);
    expect(await store.leaseWave('q:2026-01-05', 'b', T + 80_000, T + 140_000, KEEP)).toBe(false);
    expect(await store.leaseWave('q:2026-01-05', 'b', T + 90_001, T + 150_000, KEEP)).toBe(true);
    expect(await store.leaseWave('q:2026-01-05', 'a', T + 90_002, T + 150_000, KEEP)).toBe(false);
    // Another wave has its own leader.
    expect(await store.leaseWave('q:2026-04-05', 'a', T + 90_002, T + 150_000, KEEP)).toBe(true);
  });

  it('claims a member once; an unsettled claim comes back after its lease with the earlier claim time', async () => {
    const { store } = under;
    expect(await store.claimWaveMember('w', 'U1', T, T + 600_000, KEEP)).toEqual({
      claimed: true,
      earlierClaimAt: null,
    });
    expect(await store.claimWaveMember('w', 'U1', T + 1, T + 600_001, KEEP)).toEqual({ claimed: false });
    expect(await store.claimWaveMember('w', 'U1', T + 600_000, T + 1_200_000, KEEP)).toEqual({
      claimed: true,
      earlierClaimAt: T,
    });
    await store.settleWaveMember('w', 'U1', 'sent', T + 600_001, KEEP);
    expect(await store.claimWaveMember('w', 'U1', T + 9_999_999, T + 99_999_999, KEEP)).toEqual({ claimed: false });
  });

  it('reads a wave back: its start, audience and members; nothing for a wave never recorded', async () => {
    const { store } = under;
    expect(await store.readWave('w')).toBeNull();
    await store.recordWave('w', { startedAt: T, audience: 3 }, KEEP);
    await store.recordWave('w', { startedAt: T + 5, audience: 4 }, KEEP);
    await store.claimWaveMember('w', 'U1', T + 10, T + 100, KEEP);
    await store.claimWaveMember('w', 'U2', T + 10, T + 100, KEEP);
    await store.settleWaveMember('w', 'U2', 'throttled', T + 20, KEEP);
    expect(await store.readWave('w')).toEqual({
      startedAt: T,
      audience: 4,
      members: {
        U1: { state: 'claimed', at: T + 10, until: T + 100 },
        U2: { state: 'settled', outcome: 'throttled', at: T + 20 },
      },
    });
  });

  it('restores settled members a wiped store forgot, keeping what it holds', async () => {
    const { store } = under;
    await store.recordWave('w', { startedAt: T + 1, audience: 9 }, KEEP);
    await store.settleWaveMember('w', 'U2', 'opted_out', T + 5, KEEP);
    await store.restoreWave(
      'w',
      {
        startedAt: T,
        audience: 2,
        members: {
          U1: { state: 'settled', outcome: 'sent', at: T + 3 },
          U2: { state: 'settled', outcome: 'sent', at: T + 4 },
          U3: { state: 'claimed', at: T + 4, until: T + 10 },
        },
      },
      KEEP,
    );
    expect(await store.readWave('w')).toEqual({
      startedAt: T + 1,
      audience: 9,
      members: {
        U1: { state: 'settled', outcome: 'sent', at: T + 3 },
        U2: { state: 'settled', outcome: 'opted_out', at: T + 5 },
      },
    });
    await store.restoreWave('w2', { startedAt: T, audience: 1, members: {} }, KEEP);
    expect(await store.readWave('w2')).toEqual({ startedAt: T, audience: 1, members: {} });
  });
});

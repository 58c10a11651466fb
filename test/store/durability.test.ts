/**
 * The store's durability part (docs/operations.md) run directly against memory, the Redis
 * server and a local Cluster: the identity is written once and kept, the write probe answers,
 * the server settings are read from every master, and an event raised outside a turn is
 * handed out by the outbox like any other.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allStoreBackends, type StoreUnderTest } from '../support/stores.js';

describe.each(allStoreBackends())('store durability on %s', (name, open) => {
  let subject: StoreUnderTest;
  beforeAll(async () => {
    subject = await open();
  });
  afterAll(async () => {
    await subject.cleanUp();
  });

  it('keeps the first identity it is given, however many processes start', async () => {
    expect(await subject.store.readStoreIdentity()).toBeNull();
    const candidates = Array.from({ length: 5 }, () => ({ id: randomUUID(), createdAt: new Date().toISOString() }));
    const claims = await Promise.all(candidates.map((candidate) => subject.store.claimStoreIdentity(candidate)));
    expect(claims.filter((claim) => claim.created)).toHaveLength(1);
    const kept = claims.find((claim) => claim.created)?.identity;
    expect(claims.every((claim) => claim.identity.id === kept?.id)).toBe(true);
    expect(await subject.store.readStoreIdentity()).toEqual(kept);
  });

  it('takes a write', async () => {
    expect(await subject.store.canTakeWrites()).toBe(true);
  });

  it('reads the settings of every server (none for the embedded store)', async () => {
    const settings = await subject.store.serverDurability();
    if (name === 'memory') expect(settings).toBeNull();
    // The Cluster's masters are this file's own (nothing on disk); the shared server's settings are its owner's.
    else if (name === 'Redis Cluster') {
      expect(settings).toEqual({ appendOnly: false, snapshots: false, evictionPolicy: 'noeviction', source: 'config' });
    } else {
      expect(settings).toMatchObject({
        appendOnly: expect.any(Boolean),
        snapshots: expect.any(Boolean),
        source: 'config',
      });
    }
  });

  it('hands out an event raised outside a turn', async () => {
    const now = Date.now();
    const event = {
      id: `raised-${randomUUID()}`,
      type: 'store.wiped' as const,
      at: new Date(now).toISOString(),
      data: { n: 1 },
    };
    await subject.store.raiseEvent(event, now);
    const claimed = await subject.store.claimEvents(now, now + 60_000, 1000);
    expect(claimed.map((pending) => pending.event)).toContainEqual(event);
  });
});

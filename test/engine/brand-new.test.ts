/**
 * A turn on a conversation the channel made just now (an anonymous web chat session) skips the
 * store's read on its first attempt; its write still expects nothing stored, so a conversation
 * that somehow is there is read and kept, never overwritten.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { Inbound } from '../../src/engine/types.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { ConversationKey, Loaded } from '../../src/store/types.js';
import { testSurvey } from '../support/survey.js';

class CountingStore extends MemoryStore {
  loads = 0;
  override async load(key: ConversationKey): Promise<Loaded> {
    this.loads += 1;
    return super.load(key);
  }
}

function setUp() {
  const now = Date.parse('2026-11-02T09:00:00Z');
  const store = new CountingStore(() => now);
  const engine = new Engine({ store, survey: testSurvey(), newId: randomUUID, clock: () => now });
  const session = randomUUID();
  const inbound: Omit<Inbound, 'event'> = { channel: 'webchat', user: `anon:${session}`, conversation: session };
  return { store, engine, inbound };
}

const start = { kind: 'start', startedBy: 'user' } as const;

describe('a brand-new conversation', () => {
  it('starts without reading the store, and is stored as any other start', async () => {
    const fresh = setUp();
    const started = await fresh.engine.handle({ ...fresh.inbound, brandNew: true, event: start });
    expect(fresh.store.loads).toBe(0);
    expect(started.status).toBe('ok');
    expect(started.messages.map((m) => m.key)).toEqual(['greetingAnonymous', 'scoreQuestion']);
    const stored = await fresh.store.load(fresh.inbound);
    expect(stored.version).toBe(1);
    expect(stored.record?.dialog.step).toBe('score');
  });

  it('reads and keeps a conversation that is there after all, as a start without the hint would', async () => {
    const [hinted, plain] = [setUp(), setUp()];
    for (const { engine, inbound } of [hinted, plain]) {
      await engine.handle({ ...inbound, event: start });
      await engine.handle({ ...inbound, messageId: 'score', event: { kind: 'choice', value: '7' } });
    }
    // The same key as plain's, so both stores hold the same conversation.
    const again = await hinted.engine.handle({ ...hinted.inbound, brandNew: true, event: start });
    const twin = await plain.engine.handle({ ...plain.inbound, event: start });
    expect(again.messages.map((m) => m.key)).toEqual(twin.messages.map((m) => m.key));
    const [kept, reference] = await Promise.all([hinted.store.load(hinted.inbound), plain.store.load(plain.inbound)]);
    expect(kept.version).toBe(reference.version);
    expect(kept.version).toBeGreaterThan(2);
    expect(kept.record?.dialog.answers).toEqual(reference.record?.dialog.answers);
  });
});

/**
 * Follow-ups in the engine's turns, on every store: the turn that accepts contact writes the
 * follow-up with the response, later words join the thread (acknowledged once), the survey
 * counts as done, and the conversation outlives expiryHours while the follow-up is open.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { Inbound, InboundEvent } from '../../src/engine/types.js';
import { followUpIdOf } from '../../src/followups/types.js';
import { allStoreBackends, memoryStore, type StoreUnderTest } from '../support/stores.js';
import { testSurvey } from '../support/survey.js';

const survey = testSurvey({ expiryHours: 1, reminderHours: 0.5, escalation: { promiseHours: 24 } });
const backends = allStoreBackends();

describe.each(backends)('follow-ups in turns on %s', (_name, open) => {
  let subject: StoreUnderTest;
  beforeAll(async () => {
    subject = await open();
  });
  afterAll(async () => {
    await subject.cleanUp();
  });

  it('opens the follow-up with the response, then threads what the customer writes', async () => {
    const engine = new Engine({ store: subject.store, survey, newId: randomUUID });
    const conversation = randomUUID();
    const person = { channel: 'webchat' as const, user: `anon:${conversation}`, conversation };
    const say = (event: InboundEvent) => engine.handle({ ...person, messageId: randomUUID(), event } satisfies Inbound);
    await say({ kind: 'start', touchpoint: 'checkout' });
    await say({ kind: 'text', text: '1' });
    await say({ kind: 'text', text: 'Parcel never came' });
    await say({ kind: 'choice', value: 'service' });
    const asked = await say({ kind: 'choice', value: 'yes' });
    expect(asked.messages.map((m) => m.key)).toEqual(['contactDetailsQuestion']);
    expect(asked.done).toBe(false);
    const promised = await say({ kind: 'text', text: 'kim@example.com' });
    expect(promised.done).toBe(true);

    const { record } = await subject.store.load(person);
    const id = followUpIdOf(person, record?.responseId ?? '');
    expect(record?.followUpId).toBe(id);
    const opened = await subject.store.getFollowUp(id);
    expect(opened?.followUp).toMatchObject({
      status: 'open',
      channel: 'webchat',
      user: person.user,
      contact: { email: 'kim@example.com' },
      score: 1,
      category: 'detractor',
      reason: 'Parcel never came',
      area: 'service',
      touchpoint: 'checkout',
      consented: true,
    });
    expect(opened?.thread.map((entry) => [entry.from, entry.text])).toEqual([['bot', promised.messages[0]?.text]]);
    const response = await subject.store.getResponse(record?.responseId ?? '', person);
    expect(response).toMatchObject({ contact: true, status: 'completed' });

    const first = await say({ kind: 'text', text: 'It was order 1234' });
    expect(first.messages.map((m) => m.key)).toEqual(['followUpAcknowledged']);
    expect(first.done).toBe(true);
    const second = await say({ kind: 'text', text: 'Please hurry' });
    expect(second.messages).toEqual([]);
    const thread = (await subject.store.getFollowUp(id))?.thread ?? [];
    expect(thread.map((entry) => [entry.from, entry.text])).toEqual([
      ['bot', promised.messages[0]?.text],
      ['customer', 'It was order 1234'],
      ['bot', first.messages[0]?.text],
      ['customer', 'Please hurry'],
    ]);
    // The survey's answers are untouched by the thread.
    expect((await subject.store.getResponse(record?.responseId ?? '', person))?.score).toBe(1);
  });
});

// Only the memory store's clock can be moved hours on; Redis expiry is the same PEXPIRE as any conversation.
describe('a conversation with an open follow-up', () => {
  const subject = memoryStore();
  it('keeps a conversation with an open follow-up past expiryHours', async () => {
    const engine = new Engine({ store: subject.store, survey, newId: randomUUID });
    const conversation = randomUUID();
    const person = { channel: 'slack' as const, user: `U-${conversation}`, conversation };
    for (const event of [
      { kind: 'start' },
      { kind: 'text', text: '3' },
      { kind: 'text', text: 'skip' },
      { kind: 'text', text: 'skip' },
      { kind: 'choice', value: 'yes' },
    ] as InboundEvent[]) {
      await engine.handle({ ...person, event });
    }
    await subject.passTime(2 * 3_600_000);
    const later = await engine.handle({ ...person, continueOnly: true, event: { kind: 'text', text: 'Hello?' } });
    expect(later.status).toBe('ok');
    expect(later.messages.map((m) => m.key)).toEqual(['followUpAcknowledged']);
  });
});

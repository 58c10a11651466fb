/**
 * People (person record, channel reference, erasure) run directly against memory, the Redis
 * server and a local Cluster.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { InboundEvent } from '../../src/engine/types.js';
import type { ConversationKey, OutgoingEvent } from '../../src/store/types.js';
import { allStoreBackends, type StoreUnderTest } from '../support/stores.js';
import { testSurvey } from '../support/survey.js';
import { freshKey, recordFor, responseOf, turnWrite, userLine } from '../support/turn-writes.js';

const NOBODY = { optedOut: false, lastSurveyedAt: null };

describe.each(allStoreBackends())('people on %s', (_name, open) => {
  let subject: StoreUnderTest;
  beforeAll(async () => {
    subject = await open();
  });
  afterAll(async () => {
    await subject.cleanUp();
  });

  it.each([
    { written: null, read: NOBODY },
    { written: { optedOut: true, lastSurveyedAt: null }, read: { optedOut: true, lastSurveyedAt: null } },
    { written: { optedOut: false, lastSurveyedAt: 1234 }, read: { optedOut: false, lastSurveyedAt: 1234 } },
  ])('reads back the person record $written', async ({ written, read }) => {
    const key = freshKey('slack');
    await subject.store.commit(turnWrite(key, recordFor(key), { person: written }));
    expect(await subject.store.person(key)).toEqual(read);
  });

  it.each([
    { reference: { conversation: { id: 'a:1' }, serviceUrl: 'http://127.0.0.1:1/' } },
    { reference: 'plain' },
    { reference: [1, { nested: true }] },
  ])('keeps a channel reference $reference, the last one written', async ({ reference }) => {
    const person = { channel: 'teams' as const, user: `aad-${randomUUID()}` };
    expect(await subject.store.getReference(person)).toBeNull();
    await subject.store.putReference(person, { stale: true });
    await subject.store.putReference(person, reference);
    expect(await subject.store.getReference(person)).toEqual(reference);
  });

  /** Two conversations of one person, each with a response, an event and a reminder. */
  async function personWithHistory(key: ConversationKey): Promise<{ responseIds: string[] }> {
    const responseIds: string[] = [];
    for (const conversation of [key.conversation, `${key.conversation}-2`]) {
      const at = { ...key, conversation };
      const record = recordFor(at);
      const response = responseOf(record);
      const event: OutgoingEvent = { id: randomUUID(), type: 'response.scored', at: '', data: response };
      await subject.store.commit(
        turnWrite(at, record, {
          response,
          events: [event],
          transcript: [userLine('8')],
          reminderAt: 1,
          person: { optedOut: true, lastSurveyedAt: 1 },
        }),
      );
      responseIds.push(response.id);
    }
    await subject.store.putReference(key, { conversation: { id: key.conversation } });
    await subject.store.rememberPosted(key, { m2: `posted-${key.user}` });
    return { responseIds };
  }

  it('erases everything about one person and nothing about another', async () => {
    const erased = freshKey();
    const kept = freshKey();
    const { responseIds } = await personWithHistory(erased);
    const keptIds = await personWithHistory(kept);
    const backlog = await subject.store.outboxBacklog();

    expect(await subject.store.erase(erased, [])).toEqual({ conversations: 2, responses: 2, events: 2 });
    for (const conversation of [erased.conversation, `${erased.conversation}-2`]) {
      expect((await subject.store.load({ ...erased, conversation })).record).toBeNull();
      expect(await subject.store.readTranscript({ ...erased, conversation })).toEqual([]);
    }
    for (const id of responseIds) expect(await subject.store.getResponse(id, erased)).toBeNull();
    expect(await subject.store.person(erased)).toEqual(NOBODY);
    expect(await subject.store.getReference(erased)).toBeNull();
    expect(await subject.store.findPosted(erased, ['m2'])).toEqual({});
    expect(await subject.store.outboxBacklog()).toBe(backlog - 2);

    expect((await subject.store.load(kept)).record).not.toBeNull();
    expect(await subject.store.findPosted(kept, ['m2'])).toEqual({ m2: `posted-${kept.user}` });
    for (const id of keptIds.responseIds) expect(await subject.store.getResponse(id, kept)).not.toBeNull();
    expect((await subject.store.person(kept)).optedOut).toBe(true);
    const reminded = await subject.store.claimDueReminders(10, 1000);
    expect(reminded.filter((key) => key.user === erased.user)).toEqual([]);
    expect(reminded.filter((key) => key.user === kept.user)).toHaveLength(2);
    // Erasing again finds nothing more.
    expect(await subject.store.erase(erased, [])).toEqual({ conversations: 0, responses: 0, events: 0 });
  });

  it.each([
    { name: 'a re-scored and completed answer', restartBeforeErasure: false },
    { name: 'an answer taken back by "restart" and not yet re-scored', restartBeforeErasure: true },
  ])(
    'brings every counter back to what it was before the person answered ($name)',
    async ({ restartBeforeErasure }) => {
      const survey = testSurvey({ id: `erasure-${randomUUID()}` });
      const engine = new Engine({ store: subject.store, survey, newId: randomUUID });
      const days = [new Date().toISOString().slice(0, 10)];
      const before = await subject.store.readRollups(survey.id, days);
      const person = { channel: 'slack' as const, user: `U-${randomUUID()}` };
      const say = (conversation: string, event: InboundEvent) =>
        engine.handle({ ...person, conversation, messageId: randomUUID(), event });
      const text = (value: string): InboundEvent => ({ kind: 'text', text: value });

      await say('d1', { kind: 'start', touchpoint: 'checkout', properties: { plan: 'pro' } });
      for (const event of [text('9'), text('restart'), text('3'), text('Support was slow and the app crashed')])
        await say('d1', event);
      await say('d1', { kind: 'choice', value: 'reliability' });
      await say('d1', { kind: 'choice', value: 'no' });
      await say('d2', { kind: 'start', startedBy: 'bot', touchpoint: 'renewal', properties: { plan: 'free' } });
      await say('d2', text('10'));
      if (restartBeforeErasure) await say('d2', text('restart'));
      expect(await subject.store.readRollups(survey.id, days)).not.toEqual(before);

      // Erased with other segment keys than were counted: the counters kept with each response decide.
      const report = await subject.store.erase(person, []);
      expect(report).toMatchObject({ conversations: 2, responses: 2 });
      expect(await subject.store.readRollups(survey.id, days)).toEqual(before);
    },
  );
});

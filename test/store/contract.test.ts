/**
 * The store as the engine uses it, run unchanged against the memory store, a single Redis
 * server and a real local 3-master Redis Cluster: compare-and-set under 50 writers, retried
 * inbound ids, expiry, the response log and its rollups, and surviving a process restart.
 * Each part of the store also has its own suite here (conversations, responses, outbox,
 * reminders, people, rewards) that talks to it directly.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { counterField, dayOf } from '../../src/engine/response.js';
import type { Inbound, InboundEvent } from '../../src/engine/types.js';
import type { ConversationStore } from '../../src/store/types.js';
import { allStoreBackends, type StoreUnderTest } from '../support/stores.js';
import { testSurvey } from '../support/survey.js';

const survey = testSurvey({ reward: { codes: [], reviewUrl: 'https://reviews.example.com/acme' } });

/** With the case's own touchpoint listed, so its counters are its own and not the shared "other". */
function engineOn(store: ConversationStore, touchpoint?: string): Engine {
  const counting = touchpoint ? { ...survey, touchpoints: [touchpoint] } : survey;
  return new Engine({ store, survey: counting, newId: randomUUID });
}

function turn(conversation: string, event: InboundEvent, messageId?: string): Inbound {
  return {
    channel: 'webchat',
    user: `user-${conversation}`,
    conversation,
    event,
    messageId: messageId ?? randomUUID(),
  };
}

const text = (value: string): InboundEvent => ({ kind: 'text', text: value });

const backends = allStoreBackends();

describe.each(backends)('store contract on %s', (_name, open) => {
  let subject: StoreUnderTest;
  beforeAll(async () => {
    subject = await open();
  });
  afterAll(async () => {
    await subject.cleanUp();
  });

  it('keeps a conversation across turns and across a new engine instance', async () => {
    const id = randomUUID();
    const first = await engineOn(subject.store).handle(turn(id, { kind: 'start', touchpoint: 'after-purchase' }));
    expect(first.messages.map((m) => m.key)).toEqual(['greetingAnonymous', 'scoreQuestion']);
    await engineOn(subject.store).handle(turn(id, text('3')));
    // A fresh engine, as after a restart of the process, picks up where the last one stopped.
    const third = await engineOn(subject.store).handle(turn(id, text('Support never called back')));
    expect(third.messages.map((m) => m.key)).toEqual(['areaQuestion']);
    const transcript = await engineOn(subject.store).transcript(turn(id, text('')));
    expect(
      transcript?.filter((entry) => entry.from === 'user').map((entry) => entry.from === 'user' && entry.text),
    ).toEqual(['3', 'Support never called back']);
  });

  it('lets exactly one of 50 writers with the same version commit', async () => {
    const id = randomUUID();
    const engine = engineOn(subject.store);
    await engine.handle(turn(id, { kind: 'start' }));
    const key = { channel: 'webchat' as const, user: `user-${id}`, conversation: id };
    const loaded = await subject.store.load(key);
    const record = loaded.record;
    if (!record) throw new Error('conversation not saved');
    const writes = Array.from({ length: 50 }, () =>
      subject.store.commit({
        key,
        expectedVersion: loaded.version,
        record,
        transcript: [],
        ttlSeconds: 60,
        response: null,
        rollups: [],
        person: null,
        events: [],
        now: Date.now(),
      }),
    );
    const results = await Promise.all(writes);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it('loses no turn when 50 arrive at once on one conversation', async () => {
    const id = randomUUID();
    const engine = engineOn(subject.store);
    await engine.handle(turn(id, { kind: 'start' }));
    const replies = await Promise.all(Array.from({ length: 50 }, () => engine.handle(turn(id, text('help')))));
    expect(replies.every((reply) => reply.status === 'ok' && reply.messages[0]?.key === 'help')).toBe(true);
    const transcript = await engine.transcript(turn(id, text('')));
    expect(transcript?.filter((entry) => entry.from === 'user')).toHaveLength(50);
  });

  it('answers a retried inbound id the same way and counts it once', async () => {
    const id = randomUUID();
    const engine = engineOn(subject.store, `retry-${id}`);
    await engine.handle(turn(id, { kind: 'start', touchpoint: `retry-${id}` }));
    const [a, b] = await Promise.all([
      engine.handle(turn(id, text('9'), 'slack-1')),
      engine.handle(turn(id, text('9'), 'slack-1')),
    ]);
    const later = await engine.handle(turn(id, text('9'), 'slack-1'));
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(later.duplicate).toBe(true);
    expect(a.messages).toEqual(b.messages);
    expect(later.messages).toEqual(a.messages);

    const rollups = await subject.store.readRollups(survey.id, [dayOf(Date.now())]);
    const today = rollups.get(dayOf(Date.now()));
    expect(today?.get(counterField('score', 'webchat', `retry-${id}`, 9))).toBe(1);
    expect(today?.get(counterField('answered', 'webchat', `retry-${id}`))).toBe(1);
  });

  it('forgets a conversation after its time to live', async () => {
    const id = randomUUID();
    const key = { channel: 'webchat' as const, user: `user-${id}`, conversation: id };
    await engineOn(subject.store).handle(turn(id, { kind: 'start' }));
    const { record } = await subject.store.load(key);
    if (!record) throw new Error('conversation not saved');
    const loaded = await subject.store.load(key);
    await subject.store.commit({
      key,
      expectedVersion: loaded.version,
      record,
      transcript: [],
      ttlSeconds: 1,
      response: null,
      rollups: [],
      person: null,
      events: [],
      now: Date.now(),
    });
    expect((await subject.store.load(key)).record).not.toBeNull();
    await subject.passTime(1300);
    expect((await subject.store.load(key)).record).toBeNull();
  });

  it('upserts one response per conversation and moves the rollups with it', async () => {
    const id = randomUUID();
    const touchpoint = `rescore-${id}`;
    const engine = engineOn(subject.store, touchpoint);
    const person = { channel: 'webchat' as const, user: `user-${id}` };
    await engine.handle({ ...turn(id, { kind: 'start', touchpoint, properties: { plan: 'pro' } }) });
    await engine.handle(turn(id, text('9')));
    await engine.handle(turn(id, text('restart')));
    await engine.handle(turn(id, text('3')));
    await engine.handle(turn(id, text('Too slow')));
    await engine.handle(turn(id, { kind: 'choice', value: 'reliability' }));
    await engine.handle(turn(id, { kind: 'choice', value: 'yes' }));

    const { record } = await subject.store.load({ ...person, conversation: id });
    const response = await subject.store.getResponse(record?.responseId ?? '', person);
    expect(response).toMatchObject({
      score: 3,
      category: 'detractor',
      reason: 'Too slow',
      area: 'reliability',
      contact: true,
      status: 'completed',
      touchpoint,
      properties: { plan: 'pro' },
    });

    const today = (await subject.store.readRollups(survey.id, [dayOf(Date.now())])).get(dayOf(Date.now()));
    expect(today?.get(counterField('score', 'webchat', touchpoint, 3))).toBe(1);
    expect(today?.has(counterField('score', 'webchat', touchpoint, 9))).toBe(false);
    expect(today?.get(counterField('sent', 'webchat', touchpoint))).toBe(1);
    expect(today?.get(counterField('answered', 'webchat', touchpoint))).toBe(1);
    expect(today?.get(counterField('completed', 'webchat', touchpoint))).toBe(1);
    expect(today?.get(counterField('area', 'webchat', touchpoint, 'detractor', 'reliability'))).toBe(1);
    expect(today?.get(counterField('segment', 'plan:pro', 'webchat', touchpoint, 3))).toBe(1);
  });

  it('keeps a person record and a channel reference', async () => {
    const person = { channel: 'teams' as const, user: `aad-${randomUUID()}` };
    expect(await subject.store.person(person)).toEqual({ optedOut: false, lastSurveyedAt: null });
    expect(await subject.store.getReference(person)).toBeNull();
    await subject.store.putReference(person, { conversation: { id: 'a:1' }, serviceUrl: 'http://127.0.0.1:1/' });
    expect(await subject.store.getReference(person)).toEqual({
      conversation: { id: 'a:1' },
      serviceUrl: 'http://127.0.0.1:1/',
    });
    const engine = engineOn(subject.store);
    await engine.handle({ ...person, conversation: 'c1', event: { kind: 'start' } });
    await engine.handle({ ...person, conversation: 'c1', event: text('stop') });
    expect((await subject.store.person(person)).optedOut).toBe(true);
    expect(await engine.eligibility(person)).toBe('opted_out');
  });
  it('erases a person: conversations, responses, counters, references and pending events', async () => {
    const id = randomUUID();
    const touchpoint = `erase-${id}`;
    const engine = engineOn(subject.store, touchpoint);
    const person = { channel: 'webchat' as const, user: `user-${id}` };
    await engine.handle(turn(id, { kind: 'start', touchpoint, startedBy: 'bot' }));
    await engine.handle(turn(id, text('2')));
    await subject.store.putReference(person, { conversation: { id } });
    const { record } = await subject.store.load({ ...person, conversation: id });
    const day = dayOf(Date.now());
    const backlogBefore = await subject.store.outboxBacklog();

    const report = await subject.store.erase(person, survey.segments);
    expect(report).toEqual({ conversations: 1, responses: 1, events: 1 });
    expect((await subject.store.load({ ...person, conversation: id })).record).toBeNull();
    expect(await subject.store.getResponse(record?.responseId ?? '', person)).toBeNull();
    expect(await subject.store.getReference(person)).toBeNull();
    expect(await subject.store.person(person)).toEqual({ optedOut: false, lastSurveyedAt: null });
    expect(await subject.store.outboxBacklog()).toBe(backlogBefore - 1);
    const today = (await subject.store.readRollups(survey.id, [day])).get(day);
    expect(today?.get(counterField('score', 'webchat', touchpoint, 2))).toBeUndefined();
    expect(await subject.store.claimDueReminders(Date.now() + 365 * 86_400_000, 1000)).not.toContainEqual({
      ...person,
      conversation: id,
    });
  });
});

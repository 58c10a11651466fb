/**
 * The follow-ups part of the store contract on memory, a single Redis and a local Cluster:
 * opened in a turn's write, thread entries added by later turns, the queue by due time with a
 * cursor across shards, compare-and-set actions with their outbox events, the overdue watch's
 * lease, the chat post that is a case's thread (set once, found both ways), and erasure.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newConversation } from '../../dialogs/index.js';
import type { ConversationRecord } from '../../src/engine/types.js';
import { applyAction, openFollowUp } from '../../src/followups/rules.js';
import { followUpIdOf, type StoredFollowUp } from '../../src/followups/types.js';
import type { FollowUpCursor, FollowUpTurnWrite } from '../../src/store/follow-ups.js';
import type { ConversationStore } from '../../src/store/types.js';
import { allStoreBackends, type StoreUnderTest } from '../support/stores.js';
import { testSurvey } from '../support/survey.js';

const survey = testSurvey();
const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-01T09:00:00.000Z');

function opening(user: string, openedAt: number, promiseHours = 24): StoredFollowUp {
  const responseId = randomUUID();
  return openFollowUp({
    id: followUpIdOf({ channel: 'slack', user }, responseId),
    responseId,
    surveyId: survey.id,
    channel: 'slack',
    user,
    conversation: `D-${user}`,
    name: null,
    contact: null,
    score: 3,
    category: 'detractor',
    reason: 'slow',
    area: 'service',
    touchpoint: null,
    properties: {},
    locale: 'en',
    consented: true,
    now: openedAt,
    promiseHours,
  });
}

/** Writes a turn of the follow-up's conversation carrying `part` (version 0 = a new conversation). */
async function commitTurn(store: ConversationStore, followUp: StoredFollowUp, part: FollowUpTurnWrite, version = 0) {
  const key = { channel: followUp.channel, user: followUp.user, conversation: followUp.conversation };
  const record: ConversationRecord = {
    schema: 1,
    person: { channel: key.channel, user: key.user },
    conversation: key.conversation,
    responseId: followUp.responseId,
    touchpoint: null,
    properties: {},
    dialog: newConversation(survey, { now: T0, locale: 'en' }, 'user'),
    recent: [],
    transcriptLength: 0,
    lastChoices: null,
    sent: 0,
  };
  const result = await store.commit({
    key,
    expectedVersion: version,
    record,
    transcript: [],
    ttlSeconds: 600,
    response: null,
    rollups: [],
    person: null,
    events: [],
    now: T0,
    followUp: part,
  });
  expect(result.ok).toBe(true);
}

const backends = allStoreBackends();

describe.each(backends)('follow-ups on %s', (_name, open) => {
  let subject: StoreUnderTest;
  let store: ConversationStore;
  beforeAll(async () => {
    subject = await open();
    store = subject.store;
  });
  afterAll(async () => {
    await subject.cleanUp();
  });

  it("opens a follow-up in the turn that accepts contact, and adds the customer's later words to its thread", async () => {
    const followUp = opening(`U-${randomUUID()}`, T0);
    const said = { at: new Date(T0).toISOString(), from: 'bot' as const, text: 'We will reply here.' };
    await commitTurn(store, followUp, { kind: 'open', followUp, entries: [said], rollups: [] });
    const more = { at: new Date(T0 + 1000).toISOString(), from: 'customer' as const, text: 'Still broken' };
    await commitTurn(store, followUp, { kind: 'append', id: followUp.id, entries: [more] }, 1);

    const loaded = await store.getFollowUp(followUp.id);
    expect(loaded?.followUp).toEqual(followUp);
    expect(loaded?.version).toBe(1);
    expect(loaded?.thread).toEqual([said, more]);
    expect(loaded?.followUp.dueAt).toBe('2026-03-02T09:00:00.000Z');
    expect(await store.getFollowUp('not-an-id')).toBeNull();
    expect(await store.getFollowUp(followUpIdOf({ channel: 'slack', user: 'nobody' }, 'r'))).toBeNull();
  });

  it('lists a status soonest due first, page by page across shards, each follow-up once', async () => {
    // The earliest due times in this store keep this test's follow-ups at the head of the queue.
    const base = T0 - 1000 * HOUR;
    const opened = Array.from({ length: 23 }, (_, i) => opening(`U-list-${randomUUID()}`, base + (i % 7) * HOUR));
    for (const followUp of opened)
      await commitTurn(store, followUp, { kind: 'open', followUp, entries: [], rollups: [] });
    const seen: StoredFollowUp[] = [];
    let after: FollowUpCursor | null = null;
    do {
      const page = await store.listFollowUps({ statuses: ['open'], after, limit: 5 });
      expect(page.followUps.length).toBeLessThanOrEqual(5);
      seen.push(...page.followUps);
      after = page.next;
    } while (after && seen.length < 23);
    const mine = seen.slice(0, 23);
    expect(new Set(mine.map((f) => f.id)).size).toBe(23);
    expect(mine.map((f) => f.id).sort()).toEqual(opened.map((f) => f.id).sort());
    const dues = mine.map((f) => Date.parse(f.dueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
  });

  it('moves a follow-up between the status lists with compare-and-set, writing its events in the same step', async () => {
    const followUp = opening(`U-${randomUUID()}`, T0 - 900 * HOUR);
    await commitTurn(store, followUp, { kind: 'open', followUp, entries: [], rollups: [] });
    const claim = applyAction(followUp, { kind: 'claim', agent: 'ana' }, T0);
    if (!claim.ok) throw new Error('claim refused');
    const event = {
      id: randomUUID(),
      type: 'followup.claimed' as const,
      at: new Date(T0).toISOString(),
      data: { followUp: claim.followUp },
    };
    const update = {
      expectedVersion: 1,
      previousStatus: 'open' as const,
      followUp: claim.followUp,
      entries: claim.entries,
      watch: claim.watch,
      events: [event],
      rollups: [],
      now: T0,
    };
    const [first, second] = await Promise.all([store.updateFollowUp(update), store.updateFollowUp(update)]);
    expect([first, second].sort()).toEqual(['conflict', 'ok']);

    const loaded = await store.getFollowUp(followUp.id);
    expect(loaded?.version).toBe(2);
    expect(loaded?.followUp.claimedBy).toBe('ana');
    expect(loaded?.thread).toEqual(claim.entries);
    const ids = async (status: 'open' | 'claimed') =>
      (await store.listFollowUps({ statuses: [status], after: null, limit: 1000 })).followUps.map((f) => f.id);
    expect(await ids('claimed')).toContain(followUp.id);
    expect(await ids('open')).not.toContain(followUp.id);

    const pending = await store.claimEvents(T0 + 1, T0 + 60_000, 1000);
    expect(pending.filter((p) => p.event.id === event.id)).toHaveLength(1);
  });

  it('leases follow-ups past due and unanswered to one taker; a reply takes one off the watch', async () => {
    const late = opening(`U-${randomUUID()}`, T0 - 30 * HOUR);
    const answered = opening(`U-${randomUUID()}`, T0 - 30 * HOUR);
    const notYet = opening(`U-${randomUUID()}`, T0 - HOUR);
    for (const f of [late, answered, notYet])
      await commitTurn(store, f, { kind: 'open', followUp: f, entries: [], rollups: [] });
    const reply = applyAction(answered, { kind: 'reply', agent: 'bo', text: 'Hello', replyId: 'r1' }, T0 - 29 * HOUR);
    if (!reply.ok) throw new Error('reply refused');
    const updated = await store.updateFollowUp({
      expectedVersion: 1,
      previousStatus: 'open',
      followUp: reply.followUp,
      entries: reply.entries,
      watch: reply.watch,
      events: [],
      rollups: [],
      now: T0,
    });
    expect(updated).toBe('ok');

    const [a, b] = await Promise.all([
      store.claimOverdueFollowUps(T0, T0 + 60_000, 1000),
      store.claimOverdueFollowUps(T0, T0 + 60_000, 1000),
    ]);
    const taken = [...a, ...b].filter((id) => [late.id, answered.id, notYet.id].includes(id));
    expect(taken).toEqual([late.id]);
    // Its lease runs out without a settling update (a crash): it comes back to the next taker.
    expect(await store.claimOverdueFollowUps(T0 + 60_001, T0 + 120_000, 1000)).toContain(late.id);
  });

  it("records a case's chat post once, finds the case from the post, and forgets the post with the person", async () => {
    const user = `U-post-${randomUUID()}`;
    const followUp = opening(user, T0);
    await commitTurn(store, followUp, { kind: 'open', followUp, entries: [], rollups: [] });
    const first = { channel: 'C-CASES', ts: `${randomUUID()}.1` };
    expect(await store.followUpPost(followUp.id)).toBeNull();
    expect(await store.linkFollowUpPost(followUp.id, first)).toEqual(first);
    // A second delivery that posted again keeps the first post.
    expect(await store.linkFollowUpPost(followUp.id, { channel: 'C-CASES', ts: `${randomUUID()}.2` })).toEqual(first);
    expect(await store.followUpPost(followUp.id)).toEqual(first);
    expect(await store.followUpOfPost(first)).toBe(followUp.id);
    expect(await store.followUpOfPost({ channel: 'C-CASES', ts: 'never-posted' })).toBeNull();

    await store.erase({ channel: 'slack', user }, []);
    expect(await store.followUpPost(followUp.id)).toBeNull();
  });

  it("erases a person's follow-ups with the rest of them", async () => {
    const user = `U-erase-${randomUUID()}`;
    const followUp = opening(user, T0 - 2000 * HOUR);
    const entry = { at: followUp.openedAt, from: 'customer' as const, text: 'hi' };
    await commitTurn(store, followUp, { kind: 'open', followUp, entries: [entry], rollups: [] });
    await store.erase({ channel: 'slack', user }, []);
    expect(await store.getFollowUp(followUp.id)).toBeNull();
    const all = await store.listFollowUps({ statuses: ['open', 'claimed', 'resolved'], after: null, limit: 1000 });
    expect(all.followUps.map((f) => f.id)).not.toContain(followUp.id);
    expect(await store.claimOverdueFollowUps(T0, T0 + 1, 1000)).not.toContain(followUp.id);
  });
});

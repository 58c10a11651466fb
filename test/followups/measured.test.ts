/**
 * The measured loop: the summary's `followUps` figures on a table of follow-ups with known
 * times, on every back-end, from the follow-up counters (and, for days before the store counted,
 * from records); and overdue detection with two schedulers sharing Redis — one
 * `followup.overdue` per late case, none for answered or not-yet-due ones.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newConversation } from '../../dialogs/index.js';
import { countedValuesOf } from '../../src/engine/response.js';
import type { Channel, ConversationRecord } from '../../src/engine/types.js';
import { followUpCounterChanges } from '../../src/followups/counters.js';
import { OverdueScheduler } from '../../src/followups/overdue.js';
import { applyAction, openFollowUp } from '../../src/followups/rules.js';
import { FollowUpService } from '../../src/followups/service.js';
import { followUpFigures } from '../../src/followups/summary.js';
import { followUpIdOf, type StoredFollowUp } from '../../src/followups/types.js';
import { parseFilter } from '../../src/reports/filters.js';
import type { ConversationStore } from '../../src/store/types.js';
import { allStoreBackends, redisStore, type StoreUnderTest } from '../support/stores.js';
import { testSurvey } from '../support/survey.js';

// `support` has counters of its own; any other touchpoint is counted as `other` (so is plan `trial`).
const survey = testSurvey({ segments: ['plan'], touchpoints: ['support'], segmentValues: { plan: ['pro'] } });
const counted = countedValuesOf(survey);
const MINUTE = 60_000;
const T0 = Date.parse('2026-05-04T08:00:00.000Z');

async function open(
  store: ConversationStore,
  at: number,
  fields: {
    channel?: Channel;
    touchpoint?: string | null;
    plan?: string;
    surveyId?: string;
    user?: string;
    /** Opened by a version without follow-up counters. */
    uncounted?: boolean;
  } = {},
): Promise<StoredFollowUp> {
  const channel = fields.channel ?? 'slack';
  const user = fields.user ?? `U-${randomUUID()}`;
  const responseId = randomUUID();
  const followUp = openFollowUp({
    id: followUpIdOf({ channel, user }, responseId),
    responseId,
    surveyId: fields.surveyId ?? survey.id,
    channel,
    user,
    conversation: `D-${responseId.slice(0, 8)}`,
    name: null,
    contact: null,
    score: 4,
    category: 'detractor',
    reason: null,
    area: null,
    touchpoint: fields.touchpoint ?? null,
    properties: fields.plan ? { plan: fields.plan } : {},
    locale: 'en',
    consented: true,
    now: at,
    promiseHours: 24,
  });
  const record: ConversationRecord = {
    schema: 1,
    person: { channel, user },
    conversation: followUp.conversation,
    responseId,
    touchpoint: null,
    properties: {},
    dialog: newConversation(survey, { now: at, locale: 'en' }, 'user'),
    recent: [],
    transcriptLength: 0,
    lastChoices: null,
    sent: 0,
  };
  const committed = await store.commit({
    key: { channel, user, conversation: followUp.conversation },
    expectedVersion: 0,
    record,
    transcript: [],
    ttlSeconds: 600,
    response: null,
    rollups: [],
    person: null,
    events: [],
    now: at,
    followUp: {
      kind: 'open',
      followUp,
      entries: [],
      rollups: fields.uncounted ? [] : followUpCounterChanges(null, followUp, counted),
    },
  });
  expect(committed.ok).toBe(true);
  return followUp;
}

const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A store that counts the follow-up records it hands out: the summary should need none for counted days. */
function countingReads(store: ConversationStore): { store: ConversationStore; reads: () => number } {
  let reads = 0;
  const counting = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (name !== 'listFollowUpsOpened' && name !== 'listFollowUps' && name !== 'getFollowUp') {
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (...args: unknown[]) => {
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (result && typeof result === 'object' && 'followUps' in result) {
          reads += (result as { followUps: unknown[] }).followUps.length;
        } else if (result) reads += 1;
        return result;
      };
    },
  });
  return { store: counting, reads: () => reads };
}

const figures = (store: ConversationStore, now: number, params: Record<string, string> = {}) =>
  followUpFigures(
    store,
    survey,
    parseFilter({ from: '2026-05-04', to: '2026-05-05', ...params }, survey.segments, now),
    now,
  );

describe.each(allStoreBackends())('the summary of follow-ups on %s', (_name, make) => {
  let subject: StoreUnderTest;
  const clock = { now: T0 };
  let service: FollowUpService;
  const at = async (ms: number, action: () => Promise<unknown>) => {
    clock.now = ms;
    await action();
  };

  beforeAll(async () => {
    subject = await make();
    const { store } = subject;
    // The store began counting a week before (its start-up records that).
    expect(await store.followUpCountersSince(T0 - 7 * DAY)).toBeLessThanOrEqual(T0 - 7 * DAY);
    service = new FollowUpService({ store, survey, newId: randomUUID, clock: () => clock.now });
    // opened      first reply   resolved      channel  touchpoint  plan
    const a = await open(store, T0, { touchpoint: 'support', plan: 'pro' });
    await at(T0 + 30 * MINUTE, () => service.act(a.id, { kind: 'reply', agent: 'ana', text: 'hi' }));
    await at(T0 + 90 * MINUTE, () => service.act(a.id, { kind: 'resolve', agent: 'ana', resolution: 'ok' }));
    const b = await open(store, T0 + 60 * MINUTE, { touchpoint: 'support' });
    await at(T0 + 70 * MINUTE, () => service.act(b.id, { kind: 'reply', agent: 'bo', text: 'hi' }));
    const c = await open(store, T0 + 120 * MINUTE, { channel: 'webchat', plan: 'pro' });
    await at(T0 + 300 * MINUTE, () => service.act(c.id, { kind: 'claim', agent: 'bo' }));
    const d = await open(store, T0 + 180 * MINUTE, { channel: 'teams', touchpoint: 'kiosk', plan: 'trial' });
    await at(T0 + 200 * MINUTE, () =>
      service.act(d.id, { kind: 'resolve', agent: 'cy', resolution: 'dup', text: 'Handled in #42' }),
    );
    await open(store, T0 + 240 * MINUTE); // e: open, unanswered
    await open(store, T0 - 3 * 24 * 60 * MINUTE); // before the filter's range
    await open(store, T0, { surveyId: 'another-survey' });
  });
  afterAll(async () => {
    await subject?.cleanUp();
  });

  const now = T0 + 29 * 60 * MINUTE; // c and e are past their 24 h promise without a reply; b was answered.
  it.each([
    [
      'the whole range',
      {},
      { open: 3, overdue: 2, resolved: 2, medianMinutesToFirstReply: 20, medianMinutesToResolve: 55 },
    ],
    [
      'slack only',
      { channel: 'slack' },
      { open: 2, overdue: 1, resolved: 1, medianMinutesToFirstReply: 20, medianMinutesToResolve: 90 },
    ],
    [
      'a touchpoint',
      { touchpoint: 'support' },
      { open: 1, overdue: 0, resolved: 1, medianMinutesToFirstReply: 20, medianMinutesToResolve: 90 },
    ],
    [
      'the touchpoints not listed',
      { touchpoint: 'other' },
      { open: 0, overdue: 0, resolved: 1, medianMinutesToFirstReply: 20, medianMinutesToResolve: 20 },
    ],
    [
      'a segment',
      { segment: 'plan:pro' },
      { open: 1, overdue: 1, resolved: 1, medianMinutesToFirstReply: 30, medianMinutesToResolve: 90 },
    ],
    [
      'the segment values not listed',
      { segment: 'plan:other' },
      { open: 0, overdue: 0, resolved: 1, medianMinutesToFirstReply: 20, medianMinutesToResolve: 20 },
    ],
    [
      'teams only',
      { channel: 'teams' },
      { open: 0, overdue: 0, resolved: 1, medianMinutesToFirstReply: 20, medianMinutesToResolve: 20 },
    ],
    [
      'nothing',
      { channel: 'terminal' },
      { open: 0, overdue: 0, resolved: 0, medianMinutesToFirstReply: null, medianMinutesToResolve: null },
    ],
  ])('counts %s', async (_case, params, expected) => {
    expect(await figures(subject.store, now, params)).toEqual(expected);
  });

  it('answers a filter by a value the survey file does not list with bad_filter', async () => {
    await expect(figures(subject.store, now, { touchpoint: 'kiosk' })).rejects.toMatchObject({ code: 'bad_filter' });
    await expect(figures(subject.store, now, { segment: 'plan:trial' })).rejects.toMatchObject({ code: 'bad_filter' });
  });

  it('reads no follow-up record for counted days, only those due in the current hour', async () => {
    const counting = countingReads(subject.store);
    expect(await figures(counting.store, now)).toMatchObject({ open: 3, overdue: 2 });
    expect(counting.reads()).toBe(0);
    // Within e's due hour (12:00 on the 5th), its own record tells whether it is late yet.
    const dueOfE = T0 + 240 * MINUTE + DAY;
    expect(await figures(counting.store, dueOfE - MINUTE)).toMatchObject({ overdue: 1 });
    expect(await figures(counting.store, dueOfE)).toMatchObject({ overdue: 2 });
    // Only e itself, once it is due (the hour's follow-ups not yet due are not read either).
    expect(counting.reads()).toBe(1);
  });
});

describe.each(allStoreBackends())('what each change does to the follow-up figures on %s', (_name, make) => {
  let subject: StoreUnderTest;
  afterAll(async () => {
    await subject?.cleanUp();
  });

  it('follows open → claim → reply → resolve → reopen, resolve without a reply, and a reply after due', async () => {
    subject = await make();
    const { store } = subject;
    await store.followUpCountersSince(T0 - DAY);
    const clock = { now: T0 };
    const service = new FollowUpService({ store, survey, newId: randomUUID, clock: () => clock.now });
    const act = async (ms: number, id: string, action: Parameters<FollowUpService['act']>[1]) => {
      clock.now = ms;
      expect((await service.act(id, action)).ok).toBe(true);
    };
    const late = T0 + 25 * HOUR; // past a promise made at T0
    const empty = { medianMinutesToFirstReply: null, medianMinutesToResolve: null };

    const f = await open(store, T0);
    expect(await figures(store, T0 + HOUR)).toEqual({ open: 1, overdue: 0, resolved: 0, ...empty });
    expect(await figures(store, late)).toEqual({ open: 1, overdue: 1, resolved: 0, ...empty });
    await act(T0 + 10 * MINUTE, f.id, { kind: 'claim', agent: 'ana' });
    expect(await figures(store, late)).toEqual({ open: 1, overdue: 1, resolved: 0, ...empty });
    await act(T0 + 40 * MINUTE, f.id, { kind: 'reply', agent: 'ana', text: 'hi' });
    const replied = { medianMinutesToFirstReply: 40, medianMinutesToResolve: null };
    expect(await figures(store, late)).toEqual({ open: 1, overdue: 0, resolved: 0, ...replied });
    await act(T0 + 100 * MINUTE, f.id, { kind: 'resolve', agent: 'ana', resolution: 'ok' });
    expect(await figures(store, late)).toEqual({
      open: 0,
      overdue: 0,
      resolved: 1,
      medianMinutesToFirstReply: 40,
      medianMinutesToResolve: 100,
    });
    // Reopened after a reply: open again, not overdue, the first reply still counts.
    await act(T0 + 2 * HOUR, f.id, { kind: 'reopen', agent: 'ana' });
    expect(await figures(store, late)).toEqual({ open: 1, overdue: 0, resolved: 0, ...replied });

    // Resolved without a reply, then reopened: unanswered again, so overdue once past its promise.
    const g = await open(store, T0 + 30 * MINUTE);
    await act(T0 + 50 * MINUTE, g.id, { kind: 'resolve', agent: 'bo', resolution: 'spam' });
    expect(await figures(store, late)).toEqual({
      open: 1,
      overdue: 0,
      resolved: 1,
      medianMinutesToFirstReply: 40,
      medianMinutesToResolve: 20,
    });
    await act(T0 + 3 * HOUR, g.id, { kind: 'reopen', agent: 'bo' });
    expect(await figures(store, late)).toEqual({ open: 2, overdue: 1, resolved: 0, ...replied });

    // Reported overdue, then answered late: no longer counted overdue.
    await act(late, g.id, { kind: 'overdue' });
    expect(await figures(store, late)).toEqual({ open: 2, overdue: 1, resolved: 0, ...replied });
    await act(late + HOUR, g.id, { kind: 'reply', agent: 'bo', text: 'sorry' });
    expect(await figures(store, late + HOUR)).toEqual({
      open: 2,
      overdue: 0,
      resolved: 0,
      medianMinutesToFirstReply: (40 + (late + HOUR - (T0 + 30 * MINUTE)) / MINUTE) / 2,
      medianMinutesToResolve: null,
    });
  });
});

describe.each(allStoreBackends())('erasure and the follow-up figures on %s', (_name, make) => {
  let subject: StoreUnderTest;
  afterAll(async () => {
    await subject?.cleanUp();
  });

  it("takes an erased person's follow-ups out of the figures", async () => {
    subject = await make();
    const { store } = subject;
    await store.followUpCountersSince(T0 - DAY);
    const clock = { now: T0 };
    const service = new FollowUpService({ store, survey, newId: randomUUID, clock: () => clock.now });
    const erased = `U-erased-${randomUUID()}`;
    const kept = await open(store, T0, { plan: 'pro' });
    clock.now = T0 + 20 * MINUTE;
    await service.act(kept.id, { kind: 'reply', agent: 'ana', text: 'hi' });
    for (const minutes of [5, 10]) {
      const theirs = await open(store, T0 + minutes * MINUTE, { user: erased, plan: 'pro' });
      clock.now = T0 + 2 * minutes * MINUTE;
      await service.act(theirs.id, { kind: 'resolve', agent: 'ana', resolution: 'ok', text: 'done' });
    }
    const now = T0 + 2 * HOUR;
    expect(await figures(store, now, { segment: 'plan:pro' })).toEqual({
      open: 1,
      overdue: 0,
      resolved: 2,
      medianMinutesToFirstReply: 10,
      medianMinutesToResolve: 7.5,
    });

    await store.erase({ channel: 'slack', user: erased }, survey.segments);
    const left = { open: 1, overdue: 0, resolved: 0, medianMinutesToFirstReply: 20, medianMinutesToResolve: null };
    expect(await figures(store, now, { segment: 'plan:pro' })).toEqual(left);
    expect(await figures(store, now)).toEqual(left);
  });
});

describe.each(allStoreBackends().slice(1))('follow-ups from before the counters, on %s', (_name, make) => {
  let subject: StoreUnderTest;
  afterAll(async () => {
    await subject?.cleanUp();
  });

  it('counts the days up to the one counting began on from records, later days from counters', async () => {
    subject = await make();
    const { store } = subject;
    // Written by a version without counters: opened on the 4th and answered.
    const before = await open(store, T0, { uncounted: true });
    const replied = applyAction(before, { kind: 'reply', agent: 'ana', text: 'hi', replyId: 'r1' }, T0 + 30 * MINUTE);
    if (!replied.ok) throw new Error('reply refused');
    const written = await store.updateFollowUp({
      expectedVersion: 1,
      previousStatus: before.status,
      followUp: replied.followUp,
      entries: replied.entries,
      watch: replied.watch,
      events: [],
      rollups: [],
      now: T0 + 30 * MINUTE,
    });
    expect(written).toBe('ok');
    const earlyOnTheFifth = await open(store, T0 + DAY - 2 * HOUR, { uncounted: true });

    // This version starts at noon on the 5th: its follow-ups are counted from then on.
    const upgrade = T0 + DAY + 4 * HOUR;
    expect(await store.followUpCountersSince(upgrade)).toBe(upgrade);
    expect(await store.followUpCountersSince(upgrade + DAY)).toBe(upgrade);
    const clock = { now: upgrade };
    const service = new FollowUpService({ store, survey, newId: randomUUID, clock: () => clock.now });
    // An agent of the new version resolves an old one: its counters move on a day read from records.
    await service.act(earlyOnTheFifth.id, { kind: 'resolve', agent: 'bo', resolution: 'ok' });
    await open(store, upgrade + HOUR);
    const onTheSixth = await open(store, T0 + 2 * DAY);
    clock.now = T0 + 2 * DAY + 50 * MINUTE;
    await service.act(onTheSixth.id, { kind: 'reply', agent: 'bo', text: 'hi' });

    const now = T0 + 2 * DAY + 2 * HOUR;
    const counting = countingReads(store);
    const filter = parseFilter({ from: '2026-05-04', to: '2026-05-06' }, survey.segments, now);
    expect(await followUpFigures(counting.store, survey, filter, now)).toEqual({
      open: 3,
      overdue: 0,
      resolved: 1,
      // 30 minutes (from its record) and 50 (from counters).
      medianMinutesToFirstReply: 40,
      medianMinutesToResolve: (upgrade - (T0 + DAY - 2 * HOUR)) / MINUTE,
    });
    // The 4th and the 5th from records (three follow-ups); the 6th from counters alone.
    expect(counting.reads()).toBe(3);
  });
});

describe('overdue follow-ups with two schedulers on Redis', () => {
  let subject: StoreUnderTest;
  beforeAll(async () => {
    subject = await redisStore('redis://127.0.0.1:6379');
  });
  afterAll(async () => {
    await subject?.cleanUp();
  });

  it('raises exactly one followup.overdue per late case', async () => {
    const { store } = subject;
    const now = Date.now();
    const late = await Promise.all(Array.from({ length: 6 }, () => open(store, now - 30 * 60 * MINUTE)));
    const answered = await open(store, now - 30 * 60 * MINUTE);
    const notYet = await open(store, now - 60 * MINUTE);
    const clock = () => now;
    const services = [0, 1].map(() => new FollowUpService({ store, survey, newId: randomUUID, clock }));
    await services[0]?.act(answered.id, { kind: 'reply', agent: 'ana', text: 'On it' });
    const schedulers = services.map(
      (service) => new OverdueScheduler({ store, service, logger: pino({ level: 'silent' }), clock, batchSize: 2 }),
    );
    const reported = await Promise.all(schedulers.map((scheduler) => scheduler.runOnce()));
    expect((reported[0] ?? 0) + (reported[1] ?? 0)).toBe(6);
    expect(await Promise.all(schedulers.map((scheduler) => scheduler.runOnce()))).toEqual([0, 0]);

    const events = await store.claimEvents(now + 1, now + 60_000, 1000);
    const overdue = events.filter((pending) => pending.event.type === 'followup.overdue');
    const ids = overdue.map((pending) => (pending.event.data as { followUp: { id: string } }).followUp.id);
    expect(ids.sort()).toEqual(late.map((f) => f.id).sort());
    for (const followUp of late) expect((await store.getFollowUp(followUp.id))?.followUp.overdueAt).not.toBeNull();
    expect((await store.getFollowUp(notYet.id))?.followUp.overdueAt).toBeNull();
    expect(await store.countFollowUps(now)).toMatchObject({ open: 7, claimed: 1, waitingPastDue: 0 });
  });
});

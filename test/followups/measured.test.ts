/**
 * The measured loop: the summary's `followUps` figures on a table of follow-ups with known
 * times, and overdue detection with two schedulers sharing Redis — one `followup.overdue` per
 * late case, none for answered or not-yet-due ones.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newConversation } from '../../dialogs/index.js';
import type { Channel, ConversationRecord } from '../../src/engine/types.js';
import { OverdueScheduler } from '../../src/followups/overdue.js';
import { openFollowUp } from '../../src/followups/rules.js';
import { FollowUpService } from '../../src/followups/service.js';
import { followUpFigures } from '../../src/followups/summary.js';
import { followUpIdOf, type StoredFollowUp } from '../../src/followups/types.js';
import { parseFilter } from '../../src/reports/filters.js';
import type { ConversationStore } from '../../src/store/types.js';
import { memoryStore, redisStore, type StoreUnderTest } from '../support/stores.js';
import { testSurvey } from '../support/survey.js';

const survey = testSurvey({ segments: ['plan'] });
const MINUTE = 60_000;
const T0 = Date.parse('2026-05-04T08:00:00.000Z');

async function open(
  store: ConversationStore,
  at: number,
  fields: { channel?: Channel; touchpoint?: string | null; plan?: string; surveyId?: string } = {},
): Promise<StoredFollowUp> {
  const channel = fields.channel ?? 'slack';
  const user = `U-${randomUUID()}`;
  const responseId = randomUUID();
  const followUp = openFollowUp({
    id: followUpIdOf({ channel, user }, responseId),
    responseId,
    surveyId: fields.surveyId ?? survey.id,
    channel,
    user,
    conversation: `D-${user}`,
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
    followUp: { kind: 'open', followUp, entries: [] },
  });
  expect(committed.ok).toBe(true);
  return followUp;
}

describe('the summary of follow-ups', () => {
  const subject = memoryStore();
  const clock = { now: T0 };
  const service = new FollowUpService({ store: subject.store, newId: randomUUID, clock: () => clock.now });
  const at = async (ms: number, action: () => Promise<unknown>) => {
    clock.now = ms;
    await action();
  };

  beforeAll(async () => {
    const { store } = subject;
    // opened      first reply   resolved      channel  touchpoint  plan
    const a = await open(store, T0, { touchpoint: 'support', plan: 'pro' });
    await at(T0 + 30 * MINUTE, () => service.act(a.id, { kind: 'reply', agent: 'ana', text: 'hi' }));
    await at(T0 + 90 * MINUTE, () => service.act(a.id, { kind: 'resolve', agent: 'ana', resolution: 'ok' }));
    const b = await open(store, T0 + 60 * MINUTE, { touchpoint: 'support' });
    await at(T0 + 70 * MINUTE, () => service.act(b.id, { kind: 'reply', agent: 'bo', text: 'hi' }));
    const c = await open(store, T0 + 120 * MINUTE, { channel: 'webchat', plan: 'pro' });
    await at(T0 + 300 * MINUTE, () => service.act(c.id, { kind: 'claim', agent: 'bo' }));
    const d = await open(store, T0 + 180 * MINUTE, { channel: 'teams' });
    await at(T0 + 200 * MINUTE, () =>
      service.act(d.id, { kind: 'resolve', agent: 'cy', resolution: 'dup', text: 'Handled in #42' }),
    );
    await open(store, T0 + 240 * MINUTE); // e: open, unanswered
    await open(store, T0 - 3 * 24 * 60 * MINUTE); // before the filter's range
    await open(store, T0, { surveyId: 'another-survey' });
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
      'a segment',
      { segment: 'plan:pro' },
      { open: 1, overdue: 1, resolved: 1, medianMinutesToFirstReply: 30, medianMinutesToResolve: 90 },
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
  ])('counts %s', async (_name, params, expected) => {
    const filter = parseFilter({ from: '2026-05-04', to: '2026-05-05', ...params }, survey.segments, now);
    expect(await followUpFigures(subject.store, survey.id, filter, now)).toEqual(expected);
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
    const services = [0, 1].map(() => new FollowUpService({ store, newId: randomUUID, clock }));
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

/**
 * The turn planner on its own: no store, no clock, no randomness. Each case hands it what a
 * load would return and checks the write and the reply it plans; a promoter's turn is planned
 * in two steps around the reward claim.
 */
import { describe, expect, it } from 'vitest';
import type { Survey } from '../../dialogs/index.js';
import { type CommitPlan, type Plan, type PlanInputs, planRewarded, planTurn } from '../../src/engine/planner.js';
import type { Inbound, InboundEvent, PersonRecord } from '../../src/engine/types.js';
import type { Loaded } from '../../src/store/types.js';
import { deepFreeze } from '../dialogs/simulated-conversation.js';
import { testSurvey } from '../support/survey.js';

const NOW = Date.parse('2026-11-02T09:00:00Z');
const DAY = 86_400_000;
const NOBODY: PersonRecord = { optedOut: false, lastSurveyedAt: null };
const KEY = { channel: 'slack', user: 'U1', conversation: 'D1' } as const;

/** Ids from a counter, so two runs of the same inputs give the same plan. */
function counter(): () => string {
  let n = 0;
  return () => `id-${++n}`;
}

function inputs(event: InboundEvent, loaded: Partial<Loaded> = {}, extra: Partial<PlanInputs> = {}): PlanInputs {
  const full: Loaded = { record: null, version: 0, person: NOBODY, ...loaded };
  const inbound: Inbound = { ...KEY, event, ...(extra.inbound ?? {}) };
  return {
    survey: testSurvey(),
    now: NOW,
    newId: counter(),
    wantsEvents: true,
    warnPoolExhausted: true,
    ...extra,
    inbound,
    loaded: deepFreeze(full),
  };
}

function committed(plan: Plan): CommitPlan {
  if (plan.kind !== 'commit') throw new Error(`expected a commit plan, got ${plan.kind}`);
  return plan;
}

/** Plans one turn after another, each on the record the last one would have stored. */
function conversation(survey: Survey = testSurvey()) {
  let loaded: Loaded = { record: null, version: 0, person: NOBODY };
  const newId = counter();
  return (event: InboundEvent, inbound: Partial<Inbound> = {}, now = NOW): Plan => {
    const plan = planTurn(inputs(event, loaded, { survey, newId, now, inbound: { ...KEY, event, ...inbound } }));
    if (plan.kind === 'commit') {
      loaded = { record: plan.write.record, version: loaded.version + 1, person: plan.write.person ?? loaded.person };
    }
    return plan;
  };
}

describe('planning a turn', () => {
  it('starts a bot-sent survey: the sent counter, the person, a reminder, ids from the turn', () => {
    const plan = committed(planTurn(inputs({ kind: 'start', startedBy: 'bot', touchpoint: 'renewal' })));
    expect(plan.reply.messages.map((m) => [m.id, m.key])).toEqual([
      ['m2', 'greetingAnonymous'],
      ['m3', 'scoreQuestion'],
    ]);
    expect(plan.write).toMatchObject({
      key: KEY,
      expectedVersion: 0,
      response: null,
      person: { optedOut: false, lastSurveyedAt: NOW },
      reminderAt: NOW + 24 * 3_600_000,
      events: [],
      now: NOW,
      rollups: [{ surveyId: 'demo', day: '2026-11-02', field: 'sent|slack|renewal', by: 1 }],
    });
    expect(plan.write.record).toMatchObject({
      responseId: 'id-1',
      touchpoint: 'renewal',
      sent: 3,
      transcriptLength: 2,
    });
  });

  it('gives the same plan for the same inputs, and leaves them as they were', () => {
    const make = () => planTurn(inputs({ kind: 'text', text: '9' }));
    // `inputs` deep-freezes what the store returned: a planner that changed it would throw.
    expect(make()).toEqual(make());
  });

  it("numbers the person's line and the bot's messages on from the last turn", () => {
    const say = conversation();
    committed(say({ kind: 'start' }));
    const scored = committed(say({ kind: 'choice', value: '4' }));
    expect(scored.write.transcript.map((entry) => (entry.from === 'user' ? entry.id : entry.message.id))).toEqual([
      'u4',
      'm5',
    ]);
    expect(scored.scored).toBe('detractor');
    expect(scored.reply.answered).toMatchObject({ answer: '4' });
    expect(scored.write.response).toMatchObject({ score: 4, category: 'detractor', status: 'answered' });
  });

  it('answers a retried message id by replaying where its answer stands in the transcript', () => {
    const say = conversation();
    committed(say({ kind: 'start' }));
    committed(say({ kind: 'text', text: '7' }, { messageId: 'client-1' }));
    expect(say({ kind: 'text', text: '7' }, { messageId: 'client-1' })).toEqual({
      kind: 'replay',
      from: 3,
      count: 1,
      done: false,
      followingUp: false,
    });
  });

  it.each([
    ['opted out', { optedOut: true, lastSurveyedAt: null }, 'opted_out'],
    ['asked 10 days ago', { optedOut: false, lastSurveyedAt: NOW - 10 * DAY }, 'throttled'],
  ] as const)('refuses a page-started survey for someone %s, writing nothing', (_, person, refused) => {
    expect(planTurn(inputs({ kind: 'start', startedBy: 'page' }, { person }))).toEqual({
      kind: 'reply',
      result: { messages: [], done: true, duplicate: false, status: 'ok', refused },
    });
  });

  it('answers not_found for a session that only continues and has no conversation', () => {
    const plan = planTurn(
      inputs({ kind: 'text', text: 'hi' }, {}, { inbound: { ...KEY, continueOnly: true } as Inbound }),
    );
    expect(plan).toMatchObject({ kind: 'reply', result: { status: 'not_found' } });
  });

  it("plans a promoter's turn in two steps around the reward claim", () => {
    const survey = testSurvey({ reward: { codes: ['CODE-1'], reviewAudience: 'promoters' } });
    const say = conversation(survey);
    committed(say({ kind: 'start' }));
    committed(say({ kind: 'text', text: '10' }));
    const asked = say({ kind: 'text', text: 'fast' });
    if (asked.kind !== 'claimReward') throw new Error(`expected a reward claim, got ${asked.kind}`);
    const plan = planRewarded(asked.pending, { code: 'CODE-1', exhausted: false });
    expect(plan.reply.messages.map((m) => m.key)).toEqual(['promoterThanks', 'rewardCode']);
    expect(plan.write.response).toMatchObject({ reward: 'CODE-1', reason: 'fast', status: 'completed' });
    expect(plan.write.events.map((event) => event.type)).toEqual(['response.completed']);
    expect(plan.poolWarning).toBe(false);

    const empty = planRewarded(asked.pending, { code: null, exhausted: true });
    expect(empty.reply.messages.map((m) => m.key)).toEqual(['promoterThanks', 'rewardExhausted']);
    expect(empty.poolWarning).toBe(true);
    expect(empty.write.events.map((event) => event.type)).toEqual(['reward.pool_exhausted', 'response.completed']);
    const quiet = planRewarded(
      { ...asked.pending, inputs: { ...asked.pending.inputs, warnPoolExhausted: false } },
      {
        code: null,
        exhausted: true,
      },
    );
    expect(quiet.write.events.map((event) => event.type)).toEqual(['response.completed']);
  });
});

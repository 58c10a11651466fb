/** The follow-up status rules, as a table of actions and what each does to the record. */
import { describe, expect, it } from 'vitest';
import { applyAction, type FollowUpAction, isOverdue, openFollowUp } from '../../src/followups/rules.js';
import type { StoredFollowUp } from '../../src/followups/types.js';

const T0 = Date.parse('2026-03-01T09:00:00.000Z');
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

const opened: StoredFollowUp = openFollowUp({
  id: 'f1',
  responseId: 'r1',
  surveyId: 's',
  channel: 'webchat',
  user: 'anon:1',
  conversation: 'c1',
  name: null,
  contact: { email: 'kim@example.com' },
  score: 2,
  category: 'detractor',
  reason: null,
  area: null,
  touchpoint: null,
  properties: {},
  locale: 'en',
  consented: true,
  now: T0,
  promiseHours: 24,
});

function run(actions: FollowUpAction[]) {
  let followUp = opened;
  const outcomes = [];
  for (const [i, action] of actions.entries()) {
    const outcome = applyAction(followUp, action, T0 + (i + 1) * HOUR);
    outcomes.push(outcome);
    if (outcome.ok) followUp = outcome.followUp;
  }
  return { followUp, outcomes };
}

describe('follow-up rules', () => {
  it('is due promiseHours after it opened', () => {
    expect(opened).toMatchObject({ status: 'open', openedAt: iso(T0), dueAt: iso(T0 + 24 * HOUR) });
  });

  it('claims, replies, resolves and reopens, with the times each sets', () => {
    const { followUp, outcomes } = run([
      { kind: 'claim', agent: 'ana' },
      { kind: 'reply', agent: 'ana', text: 'Sorry!', replyId: 'x1' },
      { kind: 'reply', agent: 'ana', text: 'Fixed now', replyId: 'x2' },
      { kind: 'resolve', agent: 'ana', resolution: 'refunded', replyId: 'x3' },
    ]);
    expect(outcomes.map((o) => (o.ok ? o.events : o.error))).toEqual([
      ['followup.claimed'],
      ['followup.replied'],
      ['followup.replied'],
      ['followup.resolved'],
    ]);
    expect(followUp).toMatchObject({
      status: 'resolved',
      claimedBy: 'ana',
      claimedAt: iso(T0 + HOUR),
      firstReplyAt: iso(T0 + 2 * HOUR),
      resolvedAt: iso(T0 + 4 * HOUR),
      resolution: 'refunded',
    });
    const reopened = applyAction(followUp, { kind: 'reopen', agent: 'bo' }, T0 + 5 * HOUR);
    expect(reopened.ok && reopened.followUp).toMatchObject({ status: 'open', resolvedAt: null, claimedBy: null });
    expect(reopened.ok && reopened.watch).toBe('keep');
  });

  it('lets a reply claim an open follow-up for its agent', () => {
    const { followUp, outcomes } = run([{ kind: 'reply', agent: 'bo', text: 'Hi', replyId: 'x' }]);
    expect(followUp).toMatchObject({ status: 'claimed', claimedBy: 'bo', firstReplyAt: iso(T0 + HOUR) });
    expect(outcomes[0]?.ok && outcomes[0].events).toEqual(['followup.claimed', 'followup.replied']);
    expect(outcomes[0]?.ok && outcomes[0].entries).toEqual([
      { at: iso(T0 + HOUR), from: 'agent', author: 'bo', text: 'Hi', id: 'x' },
    ]);
  });

  it.each([
    ['reply', { kind: 'reply', agent: 'a', text: 't', replyId: 'y' }],
    ['claim', { kind: 'claim', agent: 'a' }],
    ['resolve', { kind: 'resolve', agent: 'a', resolution: 'again', replyId: 'z' }],
  ] as const)('refuses a %s to a resolved follow-up as a conflict', (_name, action) => {
    const { outcomes } = run([{ kind: 'resolve', agent: 'ana', resolution: 'done', replyId: 'r' }, action]);
    expect(outcomes[1]).toMatchObject({ ok: false, error: 'conflict' });
  });

  it('refuses to reopen what is not resolved, and lets notes through at any status', () => {
    expect(run([{ kind: 'reopen', agent: 'a' }]).outcomes[0]).toMatchObject({ ok: false, error: 'conflict' });
    const { outcomes } = run([
      { kind: 'resolve', agent: 'a', resolution: 'done', text: 'Bye', replyId: 'r' },
      { kind: 'note', agent: 'b', text: 'called them too' },
    ]);
    expect(outcomes.map((o) => o.ok && o.events)).toEqual([['followup.replied', 'followup.resolved'], []]);
    expect(outcomes[1]?.ok && outcomes[1].entries[0]).toMatchObject({ from: 'note', author: 'b' });
  });

  it('marks overdue once, only when unanswered past due', () => {
    const early = applyAction(opened, { kind: 'overdue' }, T0 + 23 * HOUR);
    expect(early.ok && early.events).toEqual([]);
    const late = applyAction(opened, { kind: 'overdue' }, T0 + 25 * HOUR);
    expect(late.ok && late.events).toEqual(['followup.overdue']);
    const again = late.ok ? applyAction(late.followUp, { kind: 'overdue' }, T0 + 26 * HOUR) : late;
    expect(again.ok && again.events).toEqual([]);
    expect(isOverdue(opened, T0 + 25 * HOUR)).toBe(true);
    expect(isOverdue({ ...opened, firstReplyAt: iso(T0) }, T0 + 25 * HOUR)).toBe(false);
  });
});

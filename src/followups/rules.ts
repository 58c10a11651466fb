/**
 * The status rules of a follow-up as pure functions: an action and the record in, the next
 * record, the thread entries it adds and the event it raises out — or a conflict. Time and ids
 * come in as arguments; nothing here reads a clock or a store.
 *
 *   open ──claim──► claimed ──resolve──► resolved ──reopen──► open
 *     └──reply (claims it)──┘                 ▲  reply/claim/resolve → conflict
 *     └──────────────resolve─────────────────┘
 */
import type { Category } from '../../dialogs/index.js';
import type { Channel } from '../engine/types.js';
import type { ContactDetails, FollowUpEventType, StoredFollowUp, ThreadEntry } from './types.js';

const HOUR_MS = 3_600_000;

/** Whether the follow-up still waits for its first reply: the overdue watch holds those. */
export type WatchChange = 'add' | 'remove' | 'keep';

export type FollowUpAction =
  | { kind: 'claim'; agent: string }
  | { kind: 'reply'; agent: string; text: string; replyId: string }
  | { kind: 'note'; agent: string; text: string }
  | { kind: 'resolve'; agent: string; resolution: string; text?: string | undefined; replyId: string }
  | { kind: 'reopen'; agent: string }
  | { kind: 'overdue' };

export type ActionOutcome =
  | {
      ok: true;
      followUp: StoredFollowUp;
      entries: ThreadEntry[];
      /** Events to raise, in order; an agent's reply is the `followup.replied` one. */
      events: FollowUpEventType[];
      watch: WatchChange;
    }
  | { ok: false; error: 'conflict'; message: string };

export interface OpeningFacts {
  id: string;
  responseId: string;
  surveyId: string;
  channel: Channel;
  user: string;
  conversation: string;
  name: string | null;
  contact: ContactDetails | null;
  score: number;
  category: Category;
  reason: string | null;
  area: string | null;
  touchpoint: string | null;
  properties: Record<string, string>;
  locale: string;
  consented: boolean;
  now: number;
  promiseHours: number;
}

/** A new follow-up: open, due `promiseHours` after now. */
export function openFollowUp(facts: OpeningFacts): StoredFollowUp {
  const { now, promiseHours, ...rest } = facts;
  return {
    ...rest,
    status: 'open',
    openedAt: new Date(now).toISOString(),
    dueAt: new Date(now + promiseHours * HOUR_MS).toISOString(),
    claimedBy: null,
    claimedAt: null,
    firstReplyAt: null,
    resolvedAt: null,
    resolution: null,
    overdueAt: null,
  };
}

const conflict = (message: string): ActionOutcome => ({ ok: false, error: 'conflict', message });

/** Applies one action at time `now` (epoch ms). */
export function applyAction(followUp: StoredFollowUp, action: FollowUpAction, now: number): ActionOutcome {
  const at = new Date(now).toISOString();
  const note = (agent: string, text: string): ThreadEntry => ({ at, from: 'note', author: agent, text });
  const resolved = followUp.status === 'resolved';
  switch (action.kind) {
    case 'claim': {
      if (resolved) return conflict('this follow-up is resolved; reopen it first');
      if (followUp.status === 'claimed' && followUp.claimedBy === action.agent) {
        return { ok: true, followUp, entries: [], events: [], watch: 'keep' };
      }
      const next = { ...followUp, status: 'claimed' as const, claimedBy: action.agent, claimedAt: at };
      return {
        ok: true,
        followUp: next,
        entries: [note(action.agent, 'claimed')],
        events: ['followup.claimed'],
        watch: 'keep',
      };
    }
    case 'reply': {
      if (resolved) return conflict('this follow-up is resolved; reopen it to reply');
      const claimed = claimedFor(followUp, action.agent, at);
      const next = { ...claimed, firstReplyAt: followUp.firstReplyAt ?? at };
      const reply: ThreadEntry = { at, from: 'agent', author: action.agent, text: action.text, id: action.replyId };
      const events: FollowUpEventType[] = claimed === followUp ? [] : ['followup.claimed'];
      return { ok: true, followUp: next, entries: [reply], events: [...events, 'followup.replied'], watch: 'remove' };
    }
    case 'note':
      return { ok: true, followUp, entries: [note(action.agent, action.text)], events: [], watch: 'keep' };
    case 'resolve': {
      if (resolved) return conflict('this follow-up is already resolved');
      const entries: ThreadEntry[] = [];
      let next: StoredFollowUp = { ...followUp, claimedBy: followUp.claimedBy ?? action.agent };
      const events: FollowUpEventType[] = [];
      if (action.text) {
        entries.push({ at, from: 'agent', author: action.agent, text: action.text, id: action.replyId });
        next = { ...next, firstReplyAt: next.firstReplyAt ?? at };
        events.push('followup.replied');
      }
      next = { ...next, status: 'resolved', resolvedAt: at, resolution: action.resolution };
      entries.push(note(action.agent, `resolved: ${action.resolution}`));
      return { ok: true, followUp: next, entries, events: [...events, 'followup.resolved'], watch: 'remove' };
    }
    case 'reopen': {
      if (!resolved) return conflict('only a resolved follow-up can be reopened');
      const next: StoredFollowUp = {
        ...followUp,
        status: 'open',
        claimedBy: null,
        claimedAt: null,
        resolvedAt: null,
        resolution: null,
      };
      // Still unanswered and not yet reported late: the overdue watch takes it back.
      const watch = next.firstReplyAt === null && next.overdueAt === null ? 'add' : 'keep';
      return {
        ok: true,
        followUp: next,
        entries: [note(action.agent, 'reopened')],
        events: ['followup.reopened'],
        watch,
      };
    }
    case 'overdue': {
      const late =
        !resolved && followUp.firstReplyAt === null && followUp.overdueAt === null && Date.parse(followUp.dueAt) <= now;
      if (!late) return { ok: true, followUp, entries: [], events: [], watch: 'remove' };
      return {
        ok: true,
        followUp: { ...followUp, overdueAt: at },
        entries: [],
        events: ['followup.overdue'],
        watch: 'remove',
      };
    }
  }
}

/** A reply from an agent claims an unclaimed follow-up for them; someone else's claim stands. */
function claimedFor(followUp: StoredFollowUp, agent: string, at: string): StoredFollowUp {
  if (followUp.status === 'claimed') return followUp;
  return { ...followUp, status: 'claimed', claimedBy: agent, claimedAt: at };
}

/** Is the follow-up past its promise without a reply (what the queue marks and the summary counts)? */
export function isOverdue(followUp: Pick<StoredFollowUp, 'status' | 'firstReplyAt' | 'dueAt'>, now: number): boolean {
  return followUp.status !== 'resolved' && followUp.firstReplyAt === null && Date.parse(followUp.dueAt) <= now;
}

/**
 * The agents' side of a follow-up: read it, and apply an action (claim, reply, note, resolve,
 * reopen, overdue) as one compare-and-set with its events. A reply's `followup.replied` event
 * is also what delivers it to the customer (the outbox's follow-up delivery), so it is written
 * whether or not anything else listens; the other events only when a sink wants them.
 */
import { type CountingSurvey, countedValuesOf } from '../engine/response.js';
import type { ConversationStore, OutgoingEvent } from '../store/types.js';
import { followUpCounterChanges } from './counters.js';
import { type ActionOutcome, applyAction, type FollowUpAction } from './rules.js';
import { type FollowUp, type FollowUpEventType, type StoredFollowUp, summaryOf, type ThreadEntry } from './types.js';

/** Two agents pressing at once on one follow-up: the loser re-reads and applies its action again. */
const MAX_ATTEMPTS = 16;

export type ActionResult =
  | { ok: true; followUp: FollowUp; changed: boolean; raised: FollowUpEventType[] }
  | { ok: false; error: 'not_found' }
  | { ok: false; error: 'conflict'; message: string };

/** An action as agents send it; reply ids are given here. */
export type AgentAction =
  | { kind: 'claim'; agent: string }
  /** `replyId`: the reply's own id when its source has one (a Slack message), so a redelivery adds nothing. */
  | { kind: 'reply'; agent: string; text: string; replyId?: string }
  | { kind: 'note'; agent: string; text: string }
  | { kind: 'resolve'; agent: string; resolution: string; text?: string | undefined }
  | { kind: 'reopen'; agent: string }
  | { kind: 'overdue' };

export interface FollowUpServiceOptions {
  store: ConversationStore;
  /** Which touchpoints and segment values have counters of their own (the follow-up counters follow them). */
  survey: CountingSurvey;
  newId: () => string;
  clock?: () => number;
  /** Whether anything besides the reply delivery listens to follow-up events (a webhook, Slack). */
  wantsEvents?: () => boolean;
  /** Called once an action that raised events is saved, so the outbox delivers them now. */
  publish?: (events: readonly OutgoingEvent[]) => void;
}

export class FollowUpService {
  private readonly clock: () => number;

  constructor(private readonly options: FollowUpServiceOptions) {
    this.clock = options.clock ?? Date.now;
  }

  async get(id: string): Promise<FollowUp | null> {
    const loaded = await this.options.store.getFollowUp(id);
    return loaded ? { ...summaryOf(loaded.followUp), thread: loaded.thread } : null;
  }

  async act(id: string, action: AgentAction): Promise<ActionResult> {
    const { store } = this.options;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const loaded = await store.getFollowUp(id);
      if (!loaded) return { ok: false, error: 'not_found' };
      const now = this.clock();
      if (action.kind === 'reply' && action.replyId && loaded.thread.some((entry) => entry.id === action.replyId)) {
        const followUp = { ...summaryOf(loaded.followUp), thread: loaded.thread };
        return { ok: true, followUp, changed: false, raised: [] };
      }
      const outcome = applyAction(loaded.followUp, this.withIds(action), now);
      if (!outcome.ok) return outcome;
      const unchanged = outcome.entries.length === 0 && outcome.followUp === loaded.followUp;
      if (unchanged && outcome.watch !== 'remove') {
        return {
          ok: true,
          followUp: { ...summaryOf(loaded.followUp), thread: loaded.thread },
          changed: false,
          raised: [],
        };
      }
      const events = this.eventsOf(outcome, now);
      const written = await store.updateFollowUp({
        expectedVersion: loaded.version,
        previousStatus: loaded.followUp.status,
        followUp: outcome.followUp,
        entries: outcome.entries,
        watch: outcome.watch,
        events,
        rollups: followUpCounterChanges(loaded.followUp, outcome.followUp, countedValuesOf(this.options.survey)),
        now,
      });
      if (written === 'ok') {
        if (events.length > 0) this.options.publish?.(events);
        const thread = [...loaded.thread, ...outcome.entries];
        const followUp = { ...summaryOf(outcome.followUp), thread };
        return { ok: true, followUp, changed: !unchanged, raised: outcome.events };
      }
    }
    throw new Error(`follow-up ${id} kept changing under ${MAX_ATTEMPTS} attempts`);
  }

  private withIds(action: AgentAction): FollowUpAction {
    if (action.kind === 'reply') return { ...action, replyId: action.replyId ?? this.options.newId() };
    if (action.kind === 'resolve') return { ...action, replyId: this.options.newId() };
    return action;
  }

  private eventsOf(outcome: Extract<ActionOutcome, { ok: true }>, now: number): OutgoingEvent[] {
    const wanted = this.options.wantsEvents?.() ?? true;
    const at = new Date(now).toISOString();
    const reply = outcome.entries.find((entry) => entry.from === 'agent');
    return outcome.events
      .filter((type) => wanted || type === 'followup.replied')
      .map((type) => ({ id: this.options.newId(), type, at, data: eventData(type, outcome.followUp, reply) }));
  }
}

/** What an event carries: the follow-up without its thread; a reply also says where it goes. */
function eventData(type: FollowUpEventType, followUp: StoredFollowUp, reply: ThreadEntry | undefined): unknown {
  if (type === 'followup.replied' && reply) {
    return { followUp: summaryOf(followUp), entry: reply, conversation: followUp.conversation };
  }
  return { followUp: summaryOf(followUp) };
}

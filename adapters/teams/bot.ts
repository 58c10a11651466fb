/**
 * One Bot Framework turn: remember how to reach the person, hand their message to the
 * engine, update the card they answered, and send the engine's messages.
 */
import { type Activity, type ConversationReference, TurnContext } from 'botbuilder';
import type { Engine } from '../../src/engine/engine.js';
import type { InboundEvent, TurnResult } from '../../src/engine/types.js';
import type { ConversationStore } from '../../src/store/types.js';
import { renderActivity, renderAnswered } from './cards.js';
import { activitySchema, personId, readEvent, type TeamsActivity, toInbound } from './inbound.js';

/** What is stored per person: the reference and the id the engine knows them by. */
export interface StoredReference {
  user: string;
  name: string | null;
  locale: string | null;
  reference: Partial<ConversationReference>;
}

export class TeamsBot {
  constructor(
    private readonly engine: Engine,
    private readonly store: ConversationStore,
  ) {}

  async onTurn(context: TurnContext): Promise<void> {
    const activity = activitySchema.parse(context.activity);
    if (activity.type === 'conversationUpdate' || activity.type === 'installationUpdate') {
      await this.remember(context, activity);
      return;
    }
    if (activity.type !== 'message') return;
    await this.remember(context, activity);
    const event = readEvent(activity);
    if (!event) return;
    const inbound = toInbound(activity, event);
    if (!inbound) return;
    const result = await this.engine.handle(inbound);
    // Bot Framework redelivers an activity it got no 200 for; the first delivery already answered.
    if (result.duplicate) return;
    if (activity.value !== undefined && activity.replyToId && result.answered) {
      const { question, answer } = result.answered;
      // The answered card becomes the question and the answer, so its buttons cannot be pressed again.
      await context.updateActivity({ ...renderAnswered(question, answer), id: activity.replyToId });
    }
    await send(context, result);
  }

  /** Keeps the way back to this person under both ids Teams may give us, for proactive surveys. */
  private async remember(context: TurnContext, activity: TeamsActivity): Promise<void> {
    if (!activity.from || !activity.conversation) return;
    const stored: StoredReference = {
      user: personId(activity.from),
      name: activity.from.name ?? null,
      locale: activity.locale ?? null,
      reference: TurnContext.getConversationReference(context.activity),
    };
    const ids = new Set([activity.from.id, activity.from.aadObjectId].filter((id): id is string => Boolean(id)));
    await Promise.all([...ids].map((id) => this.store.putReference({ channel: 'teams', user: id }, stored)));
  }
}

export async function send(context: TurnContext, result: TurnResult): Promise<void> {
  if (result.messages.length === 0) return;
  await context.sendActivities(result.messages.map((message) => renderActivity(message) as Partial<Activity>));
}

export type { InboundEvent };

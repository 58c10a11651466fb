/**
 * One Bot Framework turn: remember how to reach the person, hand their message to the
 * engine, update the cards whose question the turn settled, and send the engine's messages.
 */
import { type Activity, type ConversationReference, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Engine } from '../../src/engine/engine.js';
import { postsToSettle } from '../../src/engine/settled-posts.js';
import type { InboundEvent, OutboundMessage, TurnResult } from '../../src/engine/types.js';
import type { ConversationKey, ConversationStore, PostedMessages } from '../../src/store/types.js';
import { renderAnswered, renderTurn } from './cards.js';
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
    private readonly logger: Logger,
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
    const key: ConversationKey = { channel: 'teams', user: inbound.user, conversation: inbound.conversation };
    const pressedCard = activity.value !== undefined ? activity.replyToId : undefined;
    const cards = { posted: this.store, logger: this.logger };
    await settleCards(context, cards, key, result, pressedCard);
    await send(context, cards, key, result.messages);
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

/** Where the bot remembers its cards, and where it says when it could not. */
export interface CardBook {
  posted: PostedMessages;
  logger: Logger;
}

/**
 * Every card whose question this turn settled stops offering buttons: the pressed one (the
 * activity it answered, `replyToId`) shows its own question and the answer, and any other card
 * of the same step (a re-ask) is updated where the bot remembered posting it.
 */
async function settleCards(
  context: TurnContext,
  book: CardBook,
  key: ConversationKey,
  result: TurnResult,
  pressedCard: string | undefined,
): Promise<void> {
  const updates = await postsToSettle(book, key, result, pressedCard);
  await Promise.all(
    updates.map(({ posted: id, question }) =>
      context.updateActivity({ ...renderAnswered(question), id }).catch((error: unknown) => {
        // A card the person deleted, or one Teams no longer updates, keeps its buttons; the turn goes on.
        book.logger.warn({ err: error, activity: id }, 'could not mark a Teams card as answered');
      }),
    ),
  );
}

/** Sends a turn's messages as few activities as they can be, and remembers where its question cards went. */
export async function send(
  context: TurnContext,
  { posted, logger }: CardBook,
  key: ConversationKey,
  messages: readonly OutboundMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  const rendered = renderTurn(messages);
  const responses = await context.sendActivities(rendered.map(({ activity }) => activity as Partial<Activity>));
  const where: Record<string, string> = {};
  rendered.forEach(({ questions }, i) => {
    const id = responses[i]?.id;
    if (id) for (const question of questions) where[question] = id;
  });
  if (Object.keys(where).length === 0) return;
  // The messages are out: a store that cannot take the note costs only the later update of these cards.
  await posted.rememberPosted(key, where).catch((error: unknown) => {
    logger.warn({ err: error }, 'could not remember where the Teams cards were posted');
  });
}

export type { InboundEvent };

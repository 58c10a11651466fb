/**
 * The survey in a Slack DM: direct messages, button clicks and `/nps` become engine turns,
 * and the engine's messages are posted back. Retries (`X-Slack-Retry-Num`) and double clicks
 * reach the engine with the same inbound id, so they have no second effect and get no reply.
 */
import type { App, BlockAction, ButtonAction, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Locale } from '../../dialogs/index.js';
import type { Engine } from '../../src/engine/engine.js';
import { postsToSettle } from '../../src/engine/settled-posts.js';
import type { Inbound, InboundEvent, OutboundMessage, TurnResult } from '../../src/engine/types.js';
import type { ConversationKey, PostedMessages } from '../../src/store/types.js';
import { ACTION_PREFIX, QUESTION_BLOCK_PREFIX, renderAnswered, renderTurn } from './blocks.js';
import type { SlackDirectory } from './people.js';
import { slackStrings } from './strings.js';

export interface SlackConversationOptions {
  app: App;
  engine: Engine;
  directory: SlackDirectory;
  logger: Logger;
  /** The survey's locale, for people whose Slack locale is not one of ours. */
  defaultLocale: Locale;
  /** Answers `/nps report`; until reports exist in Slack, the command says where to find them. */
  report?: (userId: string) => Promise<string>;
  /** Where the question messages were posted, so a card answered elsewhere loses its buttons too. */
  posted: PostedMessages;
}

/** Where the bot remembers its question messages, and where it says when it could not. */
export interface PostBook {
  posted: PostedMessages;
  logger: Logger;
}

/** Posts a turn's messages, one `chat.postMessage` per group of them, and remembers where its questions went. */
export async function post(
  client: webApi.WebClient,
  { posted, logger }: PostBook,
  key: ConversationKey,
  messages: readonly OutboundMessage[],
): Promise<void> {
  const where: Record<string, string> = {};
  for (const { message, questions } of renderTurn(messages)) {
    const sent = await client.chat.postMessage({ channel: key.conversation, ...message });
    if (sent.ts) for (const question of questions) where[question] = sent.ts;
  }
  if (Object.keys(where).length === 0) return;
  // The messages are out: a store that cannot take the note costs only the later update of these questions.
  await posted.rememberPosted(key, where).catch((error: unknown) => {
    logger.warn({ err: error }, 'could not remember where the Slack questions were posted');
  });
}

/**
 * Every question message this turn settled loses its buttons: the clicked one (`pressedTs`)
 * shows its own question and the choice, any other of the same step (a re-ask) is updated
 * where the bot remembered posting it.
 */
async function settle(
  client: webApi.WebClient,
  book: PostBook,
  key: ConversationKey,
  result: TurnResult,
  pressedTs: string | undefined,
): Promise<void> {
  const updates = await postsToSettle(book, key, result, pressedTs);
  await Promise.all(
    updates.map(({ posted: ts, question }) =>
      client.chat.update({ channel: key.conversation, ts, ...renderAnswered(question) }).catch((error: unknown) => {
        book.logger.warn({ err: error }, 'could not mark the Slack question as answered');
      }),
    ),
  );
}

async function turn(
  options: SlackConversationOptions,
  client: webApi.WebClient,
  target: { user: string; channel: string },
  event: InboundEvent,
  messageId: string | null,
  pressedTs?: string,
): Promise<TurnResult> {
  const person = await options.directory.lookUp(target.user);
  const inbound: Inbound = {
    channel: 'slack',
    user: target.user,
    conversation: target.channel,
    userName: person.name,
    locale: person.locale,
    messageId,
    event,
  };
  const result = await options.engine.handle(inbound);
  if (result.duplicate) return result;
  const key: ConversationKey = { channel: 'slack', user: target.user, conversation: target.channel };
  const book = { posted: options.posted, logger: options.logger };
  await settle(client, book, key, result, pressedTs);
  await post(client, book, key, result.messages);
  return result;
}

/** The fields of a `message` event this bot reads; Slack sends many more. */
const messageEvent = z.looseObject({
  channel: z.string(),
  channel_type: z.string().optional(),
  user: z.string().optional(),
  ts: z.string(),
  text: z.string().optional(),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
  thread_ts: z.string().optional(),
  client_msg_id: z.string().optional(),
});
type MessageEvent = z.infer<typeof messageEvent>;

const eventEnvelope = z.looseObject({ event_id: z.string().optional() });

/** A person writing in their DM with the bot: not an edit or a join, not a bot, not a thread reply. */
function isDirectMessage(message: MessageEvent): message is MessageEvent & { user: string } {
  const isThreadReply = message.thread_ts !== undefined && message.thread_ts !== message.ts;
  return (
    message.channel_type === 'im' &&
    message.subtype === undefined &&
    message.bot_id === undefined &&
    !isThreadReply &&
    message.user !== undefined
  );
}

export function registerConversation(options: SlackConversationOptions): void {
  const { app } = options;

  app.event('message', async ({ event, client, body }) => {
    const parsed = messageEvent.safeParse(event);
    if (!parsed.success || !isDirectMessage(parsed.data)) return;
    const message = parsed.data;
    const eventId = eventEnvelope.safeParse(body).data?.event_id;
    const text = message.text?.trim() ?? '';
    // A file or an emoji reaction with no words is not an answer (docs/slack.md).
    if (!text) return;
    await turn(
      options,
      client,
      { user: message.user, channel: message.channel },
      { kind: 'text', text },
      message.client_msg_id ?? eventId ?? message.ts,
    );
  });

  app.action<BlockAction<ButtonAction>>(new RegExp(`^${ACTION_PREFIX}`), async ({ ack, action, body, client }) => {
    await ack();
    const channel = body.channel?.id;
    const question = body.message;
    if (!channel || !question?.ts) return;
    // The actions block names the question (its message id), so the turn knows which card was clicked.
    const block = action.block_id;
    const named = block.startsWith(QUESTION_BLOCK_PREFIX)
      ? { question: block.slice(QUESTION_BLOCK_PREFIX.length) }
      : {};
    // One answer per question message: a second click, on any of its buttons, is a duplicate.
    await turn(
      options,
      client,
      { user: body.user.id, channel },
      { kind: 'choice', value: action.value ?? '', ...named },
      `action:${question.ts}`,
      question.ts,
    );
  });

  app.command('/nps', async ({ ack, command, client, respond }) => {
    if (command.text.trim().toLowerCase() === 'report') {
      // Acknowledged first: adding up 90 days of counters may take longer than Slack's 3 s.
      await ack();
      const text = options.report
        ? await options.report(command.user_id)
        : 'Reports are on the dashboard (/dashboard).';
      await respond({ response_type: 'ephemeral', text });
      return;
    }
    // Acknowledged at once: the DM, the look-up and the posts can take longer than Slack's 3 s.
    await ack();
    const opened = await client.conversations.open({ users: command.user_id });
    const channel = opened.channel?.id;
    if (!channel) return;
    await turn(
      options,
      client,
      { user: command.user_id, channel },
      { kind: 'start', startedBy: 'user' },
      `command:${command.trigger_id}`,
    );
    if (command.channel_id !== channel) {
      const person = await options.directory.lookUp(command.user_id);
      const { surveyInDm } = slackStrings(person.locale, options.defaultLocale);
      await respond({ response_type: 'ephemeral', text: surveyInDm });
    }
  });
}

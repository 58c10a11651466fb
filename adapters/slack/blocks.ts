/**
 * Renders engine messages as Slack messages: plain text, or Block Kit with buttons for a
 * question (11 score buttons with the ends labelled; areas; yes/no). A turn is one post where
 * it can be: the bot's words before a question are its first sections (a greeting and the
 * score question are one message), consecutive texts are one message, within Block Kit's 50
 * blocks. Everything shown is escaped for Slack's mrkdwn, so a name or reason cannot become a
 * mention or a link.
 */
import type { ActionsBlock, Button, ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { messageGroups } from '../../src/engine/message-groups.js';
import type { OutboundMessage, SettledQuestion } from '../../src/engine/types.js';

export const ACTION_PREFIX = 'nps_choice_';
/** The actions block of a question is `nps_<message id>`: a click names the question it answers. */
export const QUESTION_BLOCK_PREFIX = 'nps_';
/** Block Kit's limit per message. */
export const MAX_BLOCKS = 50;
/** Slack cuts a message's top-level text past 40,000 characters. */
export const MAX_MESSAGE_TEXT = 40_000;

/** Slack mrkdwn treats &, < and > specially (links, mentions); these three must be escaped. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface SlackMessage {
  text: string;
  /** Typed by Slack's own Block Kit model, so a malformed block fails the type check, not a customer's DM. */
  blocks?: KnownBlock[];
}

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function context(text: string): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

/** One post of a turn, and the questions (engine message ids) it asks, to remember where they are. */
export interface RenderedPost {
  message: SlackMessage;
  questions: string[];
}

/** A turn's messages as posts: one per question (with the words before it), one per run of texts, one per agent reply. */
export function renderTurn(messages: readonly OutboundMessage[]): RenderedPost[] {
  return messageGroups(messages).flatMap(({ messages: group, question }): RenderedPost[] => {
    if (!question) return textPosts(group);
    const before = group.slice(0, -1);
    const card = renderMessage(question);
    const room = MAX_BLOCKS - (card.blocks?.length ?? 0);
    // More words than one message holds go first, on their own; the rest head the question.
    const cut = Math.max(0, before.length - room);
    const [spilled, kept] = [before.slice(0, cut), before.slice(cut)];
    const head = kept.map((message) => escapeMrkdwn(message.text));
    const post: SlackMessage = {
      text: [...head, card.text].join('\n\n'),
      blocks: [...head.map(section), ...(card.blocks ?? [])],
    };
    return [...textPosts(spilled), { message: post, questions: [question.id] }];
  });
}

/** Consecutive texts as one post (blank lines between them) as long as it stays within Slack's text limit. */
function textPosts(group: readonly OutboundMessage[]): RenderedPost[] {
  const posts: RenderedPost[] = [];
  for (const message of group) {
    const text = renderMessage(message).text;
    const last = posts[posts.length - 1];
    const joined = last && message.from !== 'agent' ? `${last.message.text}\n\n${text}` : undefined;
    if (last && joined && joined.length <= MAX_MESSAGE_TEXT) last.message = { text: joined };
    else posts.push({ message: { text }, questions: [] });
  }
  return posts;
}

export function renderMessage(message: OutboundMessage): SlackMessage {
  const text = escapeMrkdwn(message.text);
  // An agent answering a follow-up speaks as themselves, named above their words.
  if (message.from === 'agent') return { text: `*${escapeMrkdwn(message.author ?? '')}*: ${text}` };
  if (!message.choices || message.choices.length === 0) return { text };
  const buttons = message.choices.map(
    (choice): Button => ({
      type: 'button',
      text: { type: 'plain_text', text: choice.label, emoji: true },
      value: choice.value,
      action_id: `${ACTION_PREFIX}${choice.value}`,
    }),
  );
  const actions: ActionsBlock = {
    type: 'actions',
    block_id: `${QUESTION_BLOCK_PREFIX}${message.id}`,
    elements: buttons,
  };
  const blocks: KnownBlock[] = [section(text), actions];
  if (message.scale) {
    blocks.push(context(`0 = ${escapeMrkdwn(message.scale.low)}  ·  10 = ${escapeMrkdwn(message.scale.high)}`));
  }
  return { text, blocks };
}

/**
 * The question once its step is answered: the words it was sent with, its own text and the
 * choice (none when the step was left without one), with the buttons gone.
 */
export function renderAnswered(settled: SettledQuestion): SlackMessage {
  const texts = [...settled.before, settled.question].map(escapeMrkdwn);
  const answer = settled.answer === null ? [] : [context(`✔ *${escapeMrkdwn(settled.answer)}*`)];
  return { text: texts.join('\n\n'), blocks: [...texts.slice(-MAX_BLOCKS + 1).map(section), ...answer] };
}

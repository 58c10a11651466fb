/**
 * Renders engine messages as Slack messages: plain text, or Block Kit with buttons for a
 * question (11 score buttons with the ends labelled; areas; yes/no). Everything shown is
 * escaped for Slack's mrkdwn, so a name or reason cannot become a mention or a link.
 */
import type { ActionsBlock, Button, ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import type { OutboundMessage } from '../../src/engine/types.js';

export const ACTION_PREFIX = 'nps_choice_';

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

export function renderMessage(message: OutboundMessage): SlackMessage {
  const text = escapeMrkdwn(message.text);
  if (!message.choices || message.choices.length === 0) return { text };
  const buttons = message.choices.map(
    (choice): Button => ({
      type: 'button',
      text: { type: 'plain_text', text: choice.label, emoji: true },
      value: choice.value,
      action_id: `${ACTION_PREFIX}${choice.value}`,
    }),
  );
  const actions: ActionsBlock = { type: 'actions', block_id: `nps_${message.id}`, elements: buttons };
  const blocks: KnownBlock[] = [section(text), actions];
  if (message.scale) {
    blocks.push(context(`0 = ${escapeMrkdwn(message.scale.low)}  ·  10 = ${escapeMrkdwn(message.scale.high)}`));
  }
  return { text, blocks };
}

/** The question once answered: its text and the choice, with the buttons gone. */
export function renderAnswered(questionText: string, answer: string): SlackMessage {
  return {
    text: questionText,
    blocks: [section(questionText), context(`✔ *${escapeMrkdwn(answer)}*`)],
  };
}

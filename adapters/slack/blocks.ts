/**
 * Renders engine messages as Slack messages: plain text, or Block Kit with buttons for a
 * question (11 score buttons with the ends labelled; areas; yes/no). Everything shown is
 * escaped for Slack's mrkdwn, so a name or reason cannot become a mention or a link.
 */
import type { OutboundMessage } from '../../src/engine/types.js';

export const ACTION_PREFIX = 'nps_choice_';

/** Slack mrkdwn treats &, < and > specially (links, mentions); these three must be escaped. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface SlackMessage {
  text: string;
  blocks?: unknown[];
}

export function renderMessage(message: OutboundMessage): SlackMessage {
  const text = escapeMrkdwn(message.text);
  // An agent answering a follow-up speaks as themselves, named above their words.
  if (message.from === 'agent') return { text: `*${escapeMrkdwn(message.author ?? '')}*: ${text}` };
  if (!message.choices || message.choices.length === 0) return { text };
  const blocks: unknown[] = [
    { type: 'section', text: { type: 'mrkdwn', text } },
    {
      type: 'actions',
      block_id: `nps_${message.id}`,
      elements: message.choices.map((choice) => ({
        type: 'button',
        text: { type: 'plain_text', text: choice.label, emoji: true },
        value: choice.value,
        action_id: `${ACTION_PREFIX}${choice.value}`,
      })),
    },
  ];
  if (message.scale) {
    const ends = `0 = ${escapeMrkdwn(message.scale.low)}  ·  10 = ${escapeMrkdwn(message.scale.high)}`;
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: ends }] });
  }
  return { text, blocks };
}

/** The question once answered: its text and the choice, with the buttons gone. */
export function renderAnswered(questionText: string, answer: string): SlackMessage {
  return {
    text: questionText,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: questionText } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `✔ *${escapeMrkdwn(answer)}*` }] },
    ],
  };
}

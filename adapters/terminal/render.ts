/**
 * Bot messages as lines of terminal text: the message, the scale's ends under the score
 * question, and choices numbered from 1 (score buttons are shown as the scores themselves,
 * because typing the number is the answer).
 */
import type { OutboundMessage } from '../../src/engine/types.js';

export const BOT_PREFIX = 'bot: ';
export const YOU_PREFIX = 'you: ';
const INDENT = ' '.repeat(BOT_PREFIX.length);

export function renderMessage(message: OutboundMessage): string[] {
  const lines = [`${BOT_PREFIX}${message.text}`];
  if (message.scale) lines.push(`${INDENT}0 = ${message.scale.low} … 10 = ${message.scale.high}`);
  const choices = message.choices ?? [];
  if (choices.length === 0) return lines;
  if (message.expects === 'score') {
    lines.push(`${INDENT}${choices.map((choice) => `[${choice.label}]`).join(' ')}`);
  } else {
    lines.push(...choices.map((choice, i) => `${INDENT}${i + 1}) ${choice.label}`));
  }
  return lines;
}

/**
 * Renders engine messages as Bot Framework activities: questions with choices become
 * Adaptive Cards, everything else plain text. A turn goes out as few activities as it can: the
 * bot's words before a question are the card's first lines (a greeting and the score card are
 * one activity), consecutive texts are one message. Teams shows at most six actions per action
 * set, so choices are laid out in rows of at most six (0–5 and 6–10 for the score).
 */
import { messageGroups } from '../../src/engine/message-groups.js';
import type { OutboundMessage, SettledQuestion } from '../../src/engine/types.js';
import type { ActionSet, AdaptiveCard, CardElement, Column, ColumnSet, TextBlock } from './card-model.js';

export const MAX_ACTIONS_PER_SET = 6;
const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export interface CardActivity {
  type: 'message';
  text?: string;
  /** The line Teams shows in notifications and the chat list for a card. */
  summary?: string;
  attachments?: { contentType: string; content: AdaptiveCard }[];
}

/** A message whose content is one card; `summary` is what previews and notifications show of it. */
function cardActivity(summary: string, body: CardElement[]): CardActivity {
  const content: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    fallbackText: summary,
    speak: summary,
  };
  return { type: 'message', summary, attachments: [{ contentType: CARD_CONTENT_TYPE, content }] };
}

function rows<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/**
 * The submit payload of a button: `{ npsScore: n }` for the score (docs/teams.md), `{ npsChoice }`
 * otherwise, and `npsQuestion`, the card's own message id, so the turn knows which card was pressed.
 */
export function submitData(message: OutboundMessage, value: string): Record<string, string | number> {
  const answer: Record<string, string | number> =
    message.expects === 'score' ? { npsScore: Number(value) } : { npsChoice: value };
  return { ...answer, npsQuestion: message.id };
}

/** The bot's words sent with a question, above it on the card. */
function lines(texts: readonly string[]): TextBlock[] {
  return texts.map((text) => ({ type: 'TextBlock', text, wrap: true }));
}

/** What previews and notifications show of a card: its words and its question. */
function summaryOf(before: readonly string[], question: string): string {
  return [...before, question].join(' ');
}

function scaleLabels(message: OutboundMessage): ColumnSet[] {
  if (!message.scale) return [];
  const label = (text: string, align: 'Left' | 'Right'): Column => ({
    type: 'Column',
    width: 'stretch',
    items: [{ type: 'TextBlock', text, size: 'Small', isSubtle: true, wrap: true, horizontalAlignment: align }],
  });
  return [
    {
      type: 'ColumnSet',
      columns: [label(`0 = ${message.scale.low}`, 'Left'), label(`10 = ${message.scale.high}`, 'Right')],
    },
  ];
}

/** One activity of a turn, and the questions (engine message ids) it asks, to remember where they are. */
export interface RenderedActivity {
  activity: CardActivity;
  questions: string[];
}

/** A turn's messages as activities: one per question (with the words before it), one per run of texts, one per agent reply. */
export function renderTurn(messages: readonly OutboundMessage[]): RenderedActivity[] {
  return messageGroups(messages).map(({ messages: group, question }): RenderedActivity => {
    if (question) {
      const before = group.slice(0, -1).map((message) => message.text);
      return { activity: renderQuestion(question, before), questions: [question.id] };
    }
    const [first] = group;
    if (group.length === 1 && first?.from === 'agent') return { activity: renderAgentReply(first), questions: [] };
    // Blank lines keep each message its own paragraph in the one activity.
    return { activity: { type: 'message', text: group.map((message) => message.text).join('\n\n') }, questions: [] };
  });
}

/** An agent answering a follow-up speaks as themselves, named above their words. */
function renderAgentReply(message: OutboundMessage): CardActivity {
  return { type: 'message', text: `**${message.author ?? ''}**: ${message.text}` };
}

function renderQuestion(message: OutboundMessage, before: readonly string[]): CardActivity {
  const choices = message.choices ?? [];
  const actionSets = rows(choices, MAX_ACTIONS_PER_SET).map(
    (row): ActionSet => ({
      type: 'ActionSet',
      actions: row.map((choice) => ({
        type: 'Action.Submit',
        title: choice.label,
        data: submitData(message, choice.value),
      })),
    }),
  );
  const question: TextBlock = { type: 'TextBlock', text: message.text, wrap: true, weight: 'Bolder' };
  return cardActivity(summaryOf(before, message.text), [
    ...lines(before),
    question,
    ...scaleLabels(message),
    ...actionSets,
  ]);
}

/**
 * The card a question becomes once its step is answered: the words it was sent with, its own
 * question and the answer (or, when the step was left without one, no answer), no buttons.
 */
export function renderAnswered(settled: SettledQuestion): CardActivity {
  const question: TextBlock = { type: 'TextBlock', text: settled.question, wrap: true, weight: 'Bolder' };
  const answer: TextBlock[] =
    settled.answer === null ? [] : [{ type: 'TextBlock', text: `✔ ${settled.answer}`, wrap: true, color: 'Good' }];
  const summary = summaryOf(settled.before, settled.question);
  return cardActivity(settled.answer === null ? summary : `${summary} ✔ ${settled.answer}`, [
    ...lines(settled.before),
    question,
    ...answer,
  ]);
}

/**
 * Renders engine messages as Bot Framework activities: questions with choices become
 * Adaptive Cards, everything else plain text. Teams shows at most six actions per action
 * set, so choices are laid out in rows of at most six (0–5 and 6–10 for the score).
 */
import type { OutboundMessage } from '../../src/engine/types.js';
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

/** The submit payload of a button. The score's shape `{ npsScore: n }` is fixed by the contract. */
export function submitData(message: OutboundMessage, value: string): Record<string, string | number> {
  return message.expects === 'score' ? { npsScore: Number(value) } : { npsChoice: value };
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

export function renderActivity(message: OutboundMessage): CardActivity {
  if (!message.choices || message.choices.length === 0) return { type: 'message', text: message.text };
  const actionSets = rows(message.choices, MAX_ACTIONS_PER_SET).map(
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
  return cardActivity(message.text, [question, ...scaleLabels(message), ...actionSets]);
}

/** The card a question becomes once answered: the question and the answer, no buttons left to press. */
export function renderAnswered(question: string, answer: string): CardActivity {
  return cardActivity(`${question} ✔ ${answer}`, [
    { type: 'TextBlock', text: question, wrap: true, weight: 'Bolder' },
    { type: 'TextBlock', text: `✔ ${answer}`, wrap: true, color: 'Good' },
  ]);
}

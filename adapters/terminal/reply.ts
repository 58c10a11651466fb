/**
 * Turns a typed line into what a button press or a message would be on another channel:
 * a choice when it names one of the last question's choices (by its number or its label),
 * otherwise text for the dialog to read ("nine", "skip", "help", "好的").
 */
import type { InboundEvent, OutboundMessage } from '../../src/engine/types.js';

const sameWords = (a: string, b: string) => a.normalize('NFKC').toLowerCase() === b.normalize('NFKC').toLowerCase();

export function readReply(line: string, question: OutboundMessage | undefined): InboundEvent {
  const typed = line.trim();
  const choices = question?.choices ?? [];
  const byLabel = choices.find((choice) => sameWords(choice.label, typed) || sameWords(choice.value, typed));
  // On the score question the choices are the scores, so "9" is the score 9, not the ninth choice.
  if (question?.expects !== 'score' && /^\d+$/.test(typed.normalize('NFKC'))) {
    const picked = choices[Number(typed.normalize('NFKC')) - 1];
    if (picked) return { kind: 'choice', value: picked.value };
  }
  if (byLabel) return { kind: 'choice', value: byLabel.value };
  return { kind: 'text', text: typed };
}

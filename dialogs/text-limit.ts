/**
 * The one limit on what a person may type, for every channel: a chat answer, not an essay.
 * Web chat refuses longer text outright (413, docs/webchat.md); Slack, Teams and the terminal
 * cannot refuse a message already sent, so their text is cut here, before anything reads it.
 * Measured in UTF-16 code units, as a browser's `maxLength` and JavaScript's `length` count.
 */
import type { DialogInput } from './types.js';

export const MAX_TEXT_LENGTH = 2000;

export type TextInput = Extract<DialogInput, { kind: 'text' }>;

export function isOverTextLimit(text: string): boolean {
  return text.length > MAX_TEXT_LENGTH;
}

/** The first MAX_TEXT_LENGTH code units, never ending in half of a surrogate pair. */
export function cutToTextLimit(text: string): string {
  if (!isOverTextLimit(text)) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(MAX_TEXT_LENGTH - 1)) ? MAX_TEXT_LENGTH - 1 : MAX_TEXT_LENGTH;
  return text.slice(0, end);
}

/**
 * Channel text as the dialog receives it: within the limit, and marked `cut` when it was longer,
 * so the score step can refuse it (a score is never read from part of a message). Reading an
 * input that is already within the limit gives it back unchanged.
 */
export function textInput(text: string): TextInput {
  return isOverTextLimit(text) ? { kind: 'text', text: cutToTextLimit(text), cut: true } : { kind: 'text', text };
}

/** The same rule for an input that may not have passed through `textInput` (a direct caller). */
export function withinTextLimit(input: TextInput): TextInput {
  return isOverTextLimit(input.text) ? textInput(input.text) : input;
}

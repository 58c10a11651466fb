/**
 * Which question cards are still waiting for an answer, and which a turn settles. A step's
 * question may be on screen more than once (the first card and its re-asks after a wrong
 * answer, or after "help"); all of them stay open until the step is answered, and then all of
 * them are settled together: the one pressed shows its own question with the answer, the
 * others lose their buttons too, so no card offers a choice the survey no longer takes.
 * Pure: the planner calls it with the turn's before and after.
 */
import { messageGroups } from './message-groups.js';
import type { TurnEffect } from './planner.js';
import type { ConversationRecord, Inbound, OpenQuestion, OutboundMessage, SettledQuestion } from './types.js';

/** More than a handful of open cards of one step only happens to someone asking for help again and again. */
const MAX_OPEN_QUESTIONS = 6;

export interface QuestionsAfterTurn {
  /** The cards still open after this turn, to keep in the record. */
  open: OpenQuestion[];
  /** The cards this turn settled, oldest first. */
  settled: SettledQuestion[];
  /** Of those, the one whose button was pressed. */
  pressed?: SettledQuestion;
}

/** The questions with buttons among a turn's messages, each with the bot's words sent with it. */
export function askedIn(outbound: readonly OutboundMessage[]): OpenQuestion[] {
  return messageGroups(outbound).flatMap(({ messages, question }) =>
    question ? [{ id: question.id, text: question.text, before: messages.slice(0, -1).map((m) => m.text) }] : [],
  );
}

export function settleQuestions(
  previous: ConversationRecord | null,
  next: ConversationRecord,
  inbound: Inbound,
  outbound: readonly OutboundMessage[],
  effects: readonly TurnEffect[],
): QuestionsAfterTurn {
  const wasOpen = previous?.openQuestions ?? olderOpenQuestion(previous);
  const asked = askedIn(outbound);
  const stepMoved = !previous || previous.dialog.step !== next.dialog.step || previous.responseId !== next.responseId;
  const kept = stepMoved ? asked : [...wasOpen, ...asked];
  const open = kept.slice(-MAX_OPEN_QUESTIONS);
  const closing = [...(stepMoved ? wasOpen : []), ...kept.slice(0, -MAX_OPEN_QUESTIONS)];
  const answer = stepMoved ? answerLabel(previous, next, effects) : null;
  const settled = closing.map(({ id, text, before }) => ({ id, question: text, before, answer }));
  const { event } = inbound;
  if (event.kind !== 'choice' || settled.length === 0) return { open, settled };
  // A card names itself when pressed; one that does not (a client of its own) is taken for the newest.
  const named = event.question ? settled.find((question) => question.id === event.question) : settled.at(-1);
  const pressed = named ?? settled.find((question) => question.id === OLDER_CARD);
  return pressed ? { open, settled, pressed } : { open, settled };
}

/** The card of a record written before open questions were kept: its last question, under no id. */
const OLDER_CARD = '';

function olderOpenQuestion(previous: ConversationRecord | null): OpenQuestion[] {
  return previous?.lastQuestion ? [{ id: OLDER_CARD, text: previous.lastQuestion, before: [] }] : [];
}

/** The label of what the person chose at the step this turn left, or null when they left it without answering. */
function answerLabel(
  previous: ConversationRecord | null,
  next: ConversationRecord,
  effects: readonly TurnEffect[],
): string | null {
  if (!previous || effects.some((effect) => effect.type === 'optOut')) return null;
  const value = chosenValue(previous, next, effects);
  if (value === null) return null;
  return previous.lastChoices?.find((choice) => choice.value === value)?.label ?? value;
}

function chosenValue(
  previous: ConversationRecord,
  next: ConversationRecord,
  effects: readonly TurnEffect[],
): string | null {
  for (const effect of effects) {
    if (effect.type === 'recordScore') return String(effect.score);
    if (effect.type === 'recordArea') return effect.area;
  }
  const contact = next.dialog.answers.contact;
  if (previous.dialog.step === 'contact' && typeof contact === 'boolean') return contact ? 'yes' : 'no';
  return null;
}

/**
 * The dialog's part in closing the loop (docs/closing-the-loop.md): how an anonymous visitor
 * says how to reach them, the promise that says what will really happen, and who is offered
 * contact or gets a follow-up by score alone. Pure, like the rest of dialogs/.
 */
import { readCommand } from './commands.js';
import type { MessageWriter } from './messages.js';
import type { Survey } from './survey.js';
import type { Category, ContactDetails, DialogMessage } from './types.js';

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/u;
/** A phone number as people type it: digits with spaces, dots, dashes, brackets, a leading +. */
const PHONE = /^\+?[\d\s().-]+$/;
const MIN_PHONE_DIGITS = 7;
const MAX_PHONE_DIGITS = 15;

/** Reads the answer to "how can we reach you?": details, `null` for "skip", `undefined` when not understood. */
export function readContactDetails(text: string): ContactDetails | null | undefined {
  const answer = text.normalize('NFKC').trim();
  if (readCommand(answer) === 'skip') return null;
  if (EMAIL.test(answer) && answer.length <= 254) return { email: answer };
  if (PHONE.test(answer)) {
    const digits = answer.replace(/\D/g, '').length;
    if (digits >= MIN_PHONE_DIGITS && digits <= MAX_PHONE_DIGITS) return { phone: answer.replace(/\s+/g, ' ') };
  }
  return undefined;
}

/** What the bot promises: by email or phone when given, else a reply in this conversation. */
export function promise(
  write: MessageWriter,
  contact: ContactDetails | null,
  anonymous: boolean,
  hours: number,
): DialogMessage {
  if (contact?.email) return write.say('contactPromisedEmail', { email: contact.email, hours });
  if (contact?.phone) return write.say('contactPromisedPhone', { phone: contact.phone, hours });
  // An anonymous visitor sees the reply only while this chat is open or when they come back to it.
  return write.say(anonymous ? 'contactPromisedChat' : 'contactPromised', { hours });
}

/** Is this person offered contact by a person? Detractors always; others at or below the survey's score. */
export function offersContact(survey: Survey, score: number, category: Category): boolean {
  if (category === 'detractor') return true;
  const { openAtOrBelow, withoutConsent } = survey.escalation;
  return !withoutConsent && openAtOrBelow !== undefined && score <= openAtOrBelow;
}

/** Does a completed response get a follow-up even though the person did not ask for one? */
export function opensWithoutConsent(survey: Survey, score: number): boolean {
  const { openAtOrBelow, withoutConsent } = survey.escalation;
  return withoutConsent && openAtOrBelow !== undefined && score <= openAtOrBelow;
}

/** An agent's words, shown as theirs in every channel. */
export function agentMessage(author: string, text: string): DialogMessage {
  return { key: 'agentReply', text, expects: 'none', from: 'agent', author };
}

/** Shapes both back-ends keep the same way: pending events and reminder entries. */
import type { Person } from '../engine/types.js';
import type { ConversationKey, OutgoingEvent, PendingEvent, Settlement } from './types.js';

/** What the outbox stores for a new event: no attempt made, no sink served yet. */
export function newPending(event: OutgoingEvent): Omit<PendingEvent, 'shard'> {
  return { event, attempts: 0, done: [] };
}

/** What the outbox stores for an event put back for a later attempt (undefined trace fields are left out). */
export function retriedJson(event: OutgoingEvent, retry: Extract<Settlement, { retryAt: number }>): string {
  const { attempts, done, firstAttemptAt, lastAttemptAt, lastError } = retry;
  return JSON.stringify({ event, attempts, done, firstAttemptAt, lastAttemptAt, lastError });
}

/** The one string a conversation is known by in the reminder schedule. */
export function reminderMember(key: ConversationKey): string {
  return JSON.stringify({ channel: key.channel, user: key.user, conversation: key.conversation });
}

/** Is this pending event about this person (a response of theirs, or their escalation)? */
export function aboutPerson(pending: { event: OutgoingEvent }, person: Person): boolean {
  const data = pending.event.data as {
    channel?: unknown;
    user?: unknown;
    response?: { channel?: unknown; user?: unknown };
    followUp?: { channel?: unknown; user?: unknown };
  } | null;
  const subject = data?.response ?? data?.followUp ?? data;
  return subject?.channel === person.channel && subject?.user === person.user;
}

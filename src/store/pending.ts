/** Shapes both back-ends keep the same way: pending events and reminder entries. */
import type { Person } from '../engine/types.js';
import type { ConversationKey, OutgoingEvent, PendingEvent } from './types.js';

/** What the outbox stores for a new event: no attempt made, no sink served yet. */
export function newPending(event: OutgoingEvent): Omit<PendingEvent, 'shard'> {
  return { event, attempts: 0, done: [] };
}

/** The one string a conversation is known by in the reminder schedule. */
export function reminderMember(key: ConversationKey): string {
  return JSON.stringify({ channel: key.channel, user: key.user, conversation: key.conversation });
}

/** Is this pending event about this person (a response of theirs, or their escalation)? */
export function aboutPerson(pending: Pick<PendingEvent, 'event'>, person: Person): boolean {
  const data = pending.event.data as {
    channel?: unknown;
    user?: unknown;
    response?: { channel?: unknown; user?: unknown };
    followUp?: { channel?: unknown; user?: unknown };
  } | null;
  const subject = data?.response ?? data?.followUp ?? data;
  return subject?.channel === person.channel && subject?.user === person.user;
}

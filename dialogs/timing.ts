/**
 * When a waiting conversation is due a reminder or expiry (see docs/conversation.md). A scheduler asks
 * with the time as an argument and feeds the answer back as a `remind` or `expire` input.
 */
import type { Survey } from './survey.js';
import type { ConversationState } from './types.js';

const HOUR_MS = 3_600_000;

/** What a scheduler should do with a conversation at `now`: remind it, expire it, or nothing. */
export function dueAction(state: ConversationState, survey: Survey, now: number): 'remind' | 'expire' | null {
  if (state.step === 'done' || state.step === 'followUp') return null;
  const hours = (now - state.lastActivityAt) / HOUR_MS;
  if (hours >= survey.expiryHours) return 'expire';
  const sinceStart = (now - state.startedAt) / HOUR_MS;
  if (
    state.step === 'score' &&
    state.startedBy === 'bot' &&
    !state.reminderSent &&
    sinceStart >= survey.reminderHours
  ) {
    return 'remind';
  }
  return null;
}

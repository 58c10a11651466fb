/**
 * What a turn does for follow-ups, in the engine's one atomic write: the turn that accepts
 * contact opens the follow-up (its first thread entry is the bot's promise), and a turn in the
 * follow-up step adds the customer's words (and the bot's acknowledgement) to its thread.
 */
import type { DialogEffect, Survey } from '../../dialogs/index.js';
import { countedValuesOf, projectResponse } from '../engine/response.js';
import type { ConversationRecord, OutboundMessage } from '../engine/types.js';
import type { FollowUpTurnWrite } from '../store/follow-ups.js';
import type { OutgoingEvent } from '../store/types.js';
import { followUpCounterChanges } from './counters.js';
import { openFollowUp } from './rules.js';
import { followUpIdOf, summaryOf, type ThreadEntry } from './types.js';

/** How long a conversation with a follow-up is kept after its last message, whatever `expiryHours` says. */
export const FOLLOW_UP_CONVERSATION_DAYS = 30;

export interface FollowUpTurn {
  write: FollowUpTurnWrite | undefined;
  events: OutgoingEvent[];
}

export function followUpTurn(options: {
  effects: readonly { type: string }[];
  record: ConversationRecord;
  outbound: readonly OutboundMessage[];
  survey: Survey;
  now: number;
  newId: () => string;
}): FollowUpTurn {
  const { record, outbound, survey, now, newId } = options;
  const effects = options.effects as readonly DialogEffect[];
  const at = new Date(now).toISOString();
  const botEntries: ThreadEntry[] = outbound
    .filter((message) => message.from !== 'agent')
    .map((message) => ({ at, from: 'bot', text: message.text }));
  const opening = effects.find((effect) => effect.type === 'openFollowUp');
  const response = projectResponse(record);
  // A restarted survey that accepts contact again keeps the follow-up it already has.
  if (opening && response && !record.followUpId) {
    const followUp = openFollowUp({
      id: followUpIdOf(record.person, record.responseId),
      responseId: record.responseId,
      surveyId: response.surveyId,
      channel: record.person.channel,
      user: record.person.user,
      conversation: record.conversation,
      name: record.dialog.userName,
      contact: opening.contact,
      score: response.score,
      category: response.category,
      reason: response.reason,
      area: response.area,
      touchpoint: response.touchpoint,
      properties: response.properties,
      locale: response.locale,
      consented: opening.consented,
      now,
      promiseHours: survey.escalation.promiseHours,
    });
    record.followUpId = followUp.id;
    const event: OutgoingEvent = { id: newId(), type: 'followup.opened', at, data: { followUp: summaryOf(followUp) } };
    const rollups = followUpCounterChanges(null, followUp, countedValuesOf(survey));
    return { write: { kind: 'open', followUp, entries: botEntries, rollups }, events: [event] };
  }
  const reply = effects.find((effect) => effect.type === 'followUpReply');
  if (reply && record.followUpId) {
    const entry: ThreadEntry = { at, from: 'customer', text: reply.text };
    const followUp = { id: record.followUpId, channel: record.person.channel, user: record.person.user };
    const event: OutgoingEvent = { id: newId(), type: 'followup.customer_replied', at, data: { followUp, entry } };
    return { write: { kind: 'append', id: record.followUpId, entries: [entry, ...botEntries] }, events: [event] };
  }
  return { write: undefined, events: [] };
}

/**
 * The outgoing events a turn raises (webhooks, escalation posts, the pool warning), built from
 * the turn's effects. Pure: ids and time come in as arguments.
 */
import type { Survey } from '../../dialogs/index.js';
import type { OutgoingEvent } from '../store/types.js';
import type { TurnEffect } from './planner.js';
import { projectResponse } from './response.js';
import type { ConversationRecord } from './types.js';

export interface EventContext {
  survey: Survey;
  now: number;
  newId: () => string;
  /** The pool warning goes out once per process; later promoters are told politely instead. */
  warnPoolExhausted: boolean;
}

export function eventsFor(
  effects: readonly TurnEffect[],
  record: ConversationRecord,
  ctx: EventContext,
): OutgoingEvent[] {
  const { survey, now, newId } = ctx;
  const response = projectResponse(record);
  const at = new Date(now).toISOString();
  const events: OutgoingEvent[] = [];
  for (const effect of effects) {
    if (effect.type === 'recordScore') events.push({ id: newId(), type: 'response.scored', at, data: response });
    if (effect.type === 'complete') events.push({ id: newId(), type: 'response.completed', at, data: response });
    if (effect.type === 'rewardPoolExhausted' && ctx.warnPoolExhausted) {
      events.push({ id: newId(), type: 'reward.pool_exhausted', at, data: { surveyId: survey.id } });
    }
    if (effect.type === 'raiseEscalation') {
      const promisedBy = new Date(now + survey.escalation.promiseHours * 3_600_000).toISOString();
      events.push({ id: newId(), type: 'escalation.raised', at, data: { response, promisedBy } });
    }
  }
  return events;
}

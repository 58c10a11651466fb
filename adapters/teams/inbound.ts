/**
 * Reads a Bot Framework message activity as an engine `Inbound`: typed text, or an Adaptive
 * Card submit (`{ npsScore }` for the score, `{ npsChoice }` for areas and yes/no, with the
 * card's own `npsQuestion` where the card says which it is).
 */
import { z } from 'zod';
import type { Inbound, InboundEvent } from '../../src/engine/types.js';

const scoreSubmit = z.looseObject({ npsScore: z.coerce.number().int().min(0).max(10) });
const choiceSubmit = z.looseObject({ npsChoice: z.string().min(1).max(100) });
/** A card's message id; a submit without one (an older card, a client's own) is still an answer. */
const questionOf = z.looseObject({ npsQuestion: z.string().min(1).max(64) });

/** The parts of an activity this channel uses; everything else is passed through untouched. */
export const activitySchema = z.looseObject({
  type: z.string().min(1),
  id: z.string().optional(),
  text: z.string().optional(),
  value: z.unknown().optional(),
  locale: z.string().optional(),
  replyToId: z.string().optional(),
  serviceUrl: z.string().optional(),
  channelId: z.string().optional(),
  from: z
    .looseObject({ id: z.string().min(1), name: z.string().optional(), aadObjectId: z.string().optional() })
    .optional(),
  recipient: z.looseObject({ id: z.string() }).optional(),
  conversation: z.looseObject({ id: z.string().min(1) }).optional(),
  membersAdded: z.array(z.looseObject({ id: z.string() })).optional(),
});
export type TeamsActivity = z.infer<typeof activitySchema>;

/** The id a person is known by: the AAD object id when Teams sends one, else the channel user id ("29:…"). */
export function personId(from: NonNullable<TeamsActivity['from']>): string {
  return from.aadObjectId ?? from.id;
}

/** What the person did, or undefined for a message with nothing to act on (e.g. an empty submit). */
export function readEvent(activity: TeamsActivity): InboundEvent | undefined {
  if (activity.value !== undefined && activity.value !== null) {
    const question = questionOf.safeParse(activity.value).data?.npsQuestion;
    const card = question === undefined ? {} : { question };
    const score = scoreSubmit.safeParse(activity.value);
    if (score.success) return { kind: 'choice', value: score.data.npsScore, ...card };
    const choice = choiceSubmit.safeParse(activity.value);
    if (choice.success) return { kind: 'choice', value: choice.data.npsChoice, ...card };
  }
  // Teams wraps @mentions in <at> tags; the words around them are the answer.
  const text = activity.text?.replace(/<at>[^<]*<\/at>/g, '').trim();
  return text ? { kind: 'text', text } : undefined;
}

export function toInbound(activity: TeamsActivity, event: InboundEvent): Inbound | undefined {
  if (!activity.from || !activity.conversation) return undefined;
  return {
    channel: 'teams',
    user: personId(activity.from),
    conversation: activity.conversation.id,
    userName: activity.from.name ?? null,
    locale: activity.locale ?? null,
    messageId: activity.id ?? null,
    event,
  };
}

/**
 * src/followups — closing the loop (docs/closing-the-loop.md): the follow-up a detractor's
 * "yes, contact me" opens, its status rules, and the agent-facing service. The record's shape is
 * a zod schema so what comes back from a store (or a webhook receiver) is checked once.
 * Depends on src/engine types and src/store; the HTTP routes and channels depend on it.
 */
import { z } from 'zod';
import { CHANNELS } from '../engine/types.js';
import { fnv1a } from '../store/redis-keys.js';

export const FOLLOW_UP_STATUSES = ['open', 'claimed', 'resolved'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export const threadEntrySchema = z.object({
  at: z.string(),
  from: z.enum(['customer', 'agent', 'bot', 'note']),
  author: z.string().optional(),
  text: z.string(),
  /** Agent replies carry their own id: delivery to the customer is idempotent by it. */
  id: z.string().optional(),
});
export type ThreadEntry = z.infer<typeof threadEntrySchema>;

export const contactDetailsSchema = z.object({ email: z.string().optional(), phone: z.string().optional() });
export type ContactDetails = z.infer<typeof contactDetailsSchema>;

/** The follow-up as the API shows it, thread aside. */
export const followUpSummarySchema = z.object({
  id: z.string(),
  status: z.enum(FOLLOW_UP_STATUSES),
  responseId: z.string(),
  surveyId: z.string(),
  channel: z.enum(CHANNELS),
  user: z.string(),
  name: z.string().nullable(),
  contact: contactDetailsSchema.nullable(),
  score: z.number(),
  category: z.enum(['detractor', 'passive', 'promoter']),
  reason: z.string().nullable(),
  area: z.string().nullable(),
  touchpoint: z.string().nullable(),
  properties: z.record(z.string(), z.string()),
  locale: z.string(),
  /** Did the person ask to be contacted (false when the survey file opens one by score alone)? */
  consented: z.boolean(),
  openedAt: z.string(),
  dueAt: z.string(),
  claimedBy: z.string().nullable(),
  claimedAt: z.string().nullable(),
  firstReplyAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolution: z.string().nullable(),
  /** When the promise ran out without an agent's reply (set once, by the overdue scheduler). */
  overdueAt: z.string().nullable(),
});
export type FollowUpSummary = z.infer<typeof followUpSummarySchema>;

/** What the store keeps: the public summary plus the conversation an agent's reply goes to. */
export const storedFollowUpSchema = followUpSummarySchema.extend({ conversation: z.string() });
export type StoredFollowUp = z.infer<typeof storedFollowUpSchema>;

export type FollowUp = FollowUpSummary & { thread: ThreadEntry[] };

/** The API's answers (docs/closing-the-loop.md): a follow-up with its thread, and whether it is overdue now. */
export const followUpViewSchema = followUpSummarySchema
  .extend({ thread: z.array(threadEntrySchema), overdue: z.boolean() })
  .meta({ id: 'FollowUp' });
export const followUpQueueSchema = z
  .object({
    followUps: z.array(followUpSummarySchema.extend({ overdue: z.boolean() })),
    next: z.string().optional().meta({ description: 'the cursor of the next page; absent on the last one' }),
  })
  .meta({ id: 'FollowUpQueue' });

/** One line of the conversation a follow-up came from, as the dashboard shows it. */
export const transcriptLineSchema = z.object({
  at: z.string(),
  from: z.enum(['bot', 'agent', 'customer']),
  author: z.string().optional(),
  text: z.string(),
});
export type TranscriptLine = z.infer<typeof transcriptLineSchema>;
export const followUpTranscriptSchema = z.object({ transcript: z.array(transcriptLineSchema) });

export const FOLLOW_UP_EVENT_TYPES = [
  'followup.opened',
  'followup.claimed',
  'followup.replied',
  'followup.customer_replied',
  'followup.resolved',
  'followup.reopened',
  'followup.overdue',
] as const;
export type FollowUpEventType = (typeof FOLLOW_UP_EVENT_TYPES)[number];

/** The API's view of a stored follow-up: the internal conversation id is left out. */
export function summaryOf(stored: StoredFollowUp): FollowUpSummary {
  const { conversation: _conversation, ...summary } = stored;
  return summary;
}

/**
 * A follow-up's id starts with the hash its person's keys are sharded by, so a store finds it
 * (Redis: its shard) from the id alone; then the response id. Opaque to API users.
 */
export function followUpIdOf(person: { channel: string; user: string }, responseId: string): string {
  return `${fnv1a(`${person.channel}:${person.user}`).toString(36)}-${responseId}`;
}

const FOLLOW_UP_ID = /^([0-9a-z]{1,7})-[A-Za-z0-9-]{1,100}$/;

/** The person hash a follow-up id carries, or null when the id is not one of ours. */
export function personHashOfFollowUpId(id: string): number | null {
  const hash = FOLLOW_UP_ID.exec(id)?.[1];
  return hash === undefined ? null : Number.parseInt(hash, 36);
}

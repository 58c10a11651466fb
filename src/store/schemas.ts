/**
 * The shapes of what the stores keep, parsed with zod on the way out: whatever a key holds —
 * an older version, a hand edit, another program's value — is checked before the code relies
 * on it, and anything else reads as absent instead of crashing a turn.
 *
 * Versions: a conversation record carries `schema` (and its dialog state its own); a record of
 * another version reads as absent, so the person simply gets a new survey. To change the shape,
 * bump the number and, where dropping old records is not acceptable (responses are kept for
 * good; conversations only for `expiryHours`), parse the old shape here too and migrate it in
 * a `.transform` — see docs/architecture.md, "Stored records and their versions".
 */
import { z } from 'zod';
import type { ConversationState } from '../../dialogs/index.js';
import {
  CHANNELS,
  type ConversationRecord,
  type OutboundMessage,
  type PersonRecord,
  type SurveyResponse,
  type TranscriptEntry,
} from '../engine/types.js';
import { FOLLOW_UP_EVENT_TYPES } from '../followups/types.js';
import type { DeadLetter, OutgoingEvent, PendingEvent } from './contracts/outbox.js';
import type { WaveMemberState } from './schedule-store.js';

const channel = z.enum(CHANNELS);
const category = z.enum(['detractor', 'passive', 'promoter']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * The dialog owns its state's shape and versions it itself (`schema: 1`); the store checks the
 * version and the fields it reads around the dialog, and leaves the rest to the dialog.
 */
const dialogState = z.custom<ConversationState>(
  (value) =>
    isObject(value) &&
    value.schema === 1 &&
    typeof value.surveyId === 'string' &&
    typeof value.step === 'string' &&
    typeof value.startedAt === 'number' &&
    isObject(value.answers),
  { message: 'not a dialog state of version 1' },
);

/** A message the bot sent, as the dialog wrote it (its shape is the dialog's). */
const outboundMessage = z.custom<OutboundMessage>(
  (value) => isObject(value) && typeof value.id === 'string' && typeof value.text === 'string',
);

export const conversationRecordSchema = z.object({
  schema: z.literal(1),
  person: z.object({ channel, user: z.string() }),
  conversation: z.string(),
  responseId: z.string(),
  touchpoint: z.string().nullable(),
  properties: z.record(z.string(), z.string()),
  dialog: dialogState,
  recent: z.array(z.object({ messageId: z.string(), from: z.number(), count: z.number(), done: z.boolean() })),
  transcriptLength: z.number(),
  lastChoices: z.array(z.object({ value: z.string(), label: z.string() })).nullable(),
  lastQuestion: z.string().nullable().optional(),
  openQuestions: z.array(z.object({ id: z.string(), text: z.string(), before: z.array(z.string()) })).optional(),
  sentPending: z.literal(true).optional(),
  followUpId: z.string().nullable().optional(),
  sent: z.number(),
});

export const transcriptEntrySchema = z.discriminatedUnion('from', [
  z.object({ from: z.literal('bot'), at: z.number(), message: outboundMessage }),
  z.object({ from: z.literal('user'), at: z.number(), id: z.string(), text: z.string() }),
]);

export const personRecordSchema = z.object({
  optedOut: z.boolean(),
  lastSurveyedAt: z.number().nullable(),
});

export const surveyResponseSchema = z.object({
  id: z.string(),
  surveyId: z.string(),
  channel,
  user: z.string(),
  locale: z.string(),
  touchpoint: z.string().nullable(),
  properties: z.record(z.string(), z.string()),
  score: z.number(),
  category,
  reason: z.string().nullable(),
  area: z.string().nullable(),
  contact: z.boolean(),
  reward: z.string().nullable(),
  status: z.enum(['answered', 'completed']),
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  completedAt: z.string().nullable(),
});

export const outgoingEventSchema = z.object({
  id: z.string(),
  type: z.enum([
    'response.scored',
    'response.completed',
    'escalation.raised',
    'reward.pool_exhausted',
    'store.wiped',
    ...FOLLOW_UP_EVENT_TYPES,
  ]),
  at: z.string(),
  data: z.unknown(),
});

/** The store's identity (src/store/contracts/durability.ts). */
export const storeIdentitySchema = z.object({ id: z.string().min(1), createdAt: z.string() });

/** An event in the outbox with what delivery achieved so far (the shard is where it was found). */
export const pendingEventSchema = z.object({
  event: outgoingEventSchema,
  attempts: z.number(),
  done: z.array(z.string()),
  firstAttemptAt: z.number().optional(),
  lastAttemptAt: z.number().optional(),
  lastError: z.string().optional(),
});

/** An event taken out of delivery (src/store/contracts/outbox.ts). */
export const deadLetterSchema = z.object({
  event: outgoingEventSchema,
  attempts: z.number(),
  done: z.array(z.string()),
  sinks: z.array(z.string()),
  firstAttemptAt: z.number(),
  lastAttemptAt: z.number(),
  lastError: z.string(),
  deadAt: z.number(),
});

/** A conversation as the reminder schedule and the person's index name it. */
export const reminderMemberSchema = z.object({ channel, user: z.string(), conversation: z.string() });

/** One audience member's place in a schedule's wave (src/store/schedule-store.ts). */
export const waveMemberStateSchema: z.ZodType<WaveMemberState> = z.discriminatedUnion('state', [
  z.object({ state: z.literal('claimed'), at: z.number(), until: z.number() }),
  z.object({
    state: z.literal('settled'),
    outcome: z.enum(['sent', 'throttled', 'opted_out', 'no_conversation', 'failed']),
    at: z.number(),
  }),
]);

/** A channel's reference is the channel's own business: whatever JSON value it stored. */
export const referenceSchema = z.unknown();

/** Parses one stored JSON value; null when it is not JSON or not of the shape. */
export function parseStored<T>(schema: z.ZodType<T>, json: string): T | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

const countedFieldSchema = z.tuple([z.string(), z.string(), z.string()]);
const COUNTED_NAME = /^(\d{4}-\d{2}-\d{2})\|(.+)$/s;

/**
 * Reads back a counter change kept with a response (`countedField` in turn-payload.ts):
 * `<day>|<field>` of the survey `surveyId` (the response's), or the older
 * `["<survey>","<day>","<field>"]`, which names its survey itself.
 */
export function parseCountedField(
  name: string,
  surveyId: string | undefined,
): { surveyId: string; day: string; field: string } | null {
  if (name.startsWith('[')) {
    const parsed = parseStored(countedFieldSchema, name);
    return parsed ? { surveyId: parsed[0], day: parsed[1], field: parsed[2] } : null;
  }
  const named = COUNTED_NAME.exec(name);
  return named && surveyId !== undefined ? { surveyId, day: named[1] as string, field: named[2] as string } : null;
}

/**
 * Each schema reads its type: a required field added to a stored type and not to its schema
 * (which zod would silently drop on read) fails the type check here. An optional field is not
 * caught this way: add it to the schema with the type.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const exact = <T extends true>(_: T) => {};
exact<Same<z.output<typeof conversationRecordSchema>, ConversationRecord>>(true);
exact<Same<z.output<typeof surveyResponseSchema>, SurveyResponse>>(true);
exact<Same<z.output<typeof personRecordSchema>, PersonRecord>>(true);
exact<Same<z.output<typeof transcriptEntrySchema>, TranscriptEntry>>(true);
exact<Same<z.output<typeof outgoingEventSchema>, OutgoingEvent>>(true);
exact<Same<z.output<typeof pendingEventSchema>, Omit<PendingEvent, 'shard'>>>(true);
exact<Same<z.output<typeof deadLetterSchema>, DeadLetter>>(true);

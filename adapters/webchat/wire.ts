/** The web chat's wire format (see docs/webchat.md): request bodies and the `Message` shape. */
import { z } from 'zod';
import type { Category } from '../../dialogs/index.js';
import type { Refusal } from '../../src/engine/planner.js';
import type { OutboundMessage, TranscriptEntry } from '../../src/engine/types.js';

export const sessionRequest = z.object({
  user: z.string().min(1).max(256).optional(),
  signature: z.string().max(128).optional(),
  /** Epoch seconds; part of what `signature` signs (`user.expires`). */
  expires: z.number().int().positive().max(1e11).optional(),
  locale: z.string().max(35).optional(),
  properties: z.record(z.string().max(100), z.union([z.string().max(500), z.number(), z.boolean()])).optional(),
  touchpoint: z.string().min(1).max(100).optional(),
  /** Who asked: the host page (`open()` after checkout, the default) or the visitor themselves. */
  startedBy: z.enum(['page', 'visitor']).optional(),
});

export const messageRequest = z
  .object({
    text: z.string().optional(),
    value: z.union([z.string().max(100), z.number()]).optional(),
    clientMessageId: z.string().min(1).max(100).optional(),
    locale: z.string().max(35).optional(),
  })
  .refine((body) => body.text !== undefined || body.value !== undefined, 'expected "text" or "value"');

const EXPECTATIONS = ['score', 'text', 'choice', 'none'] as const satisfies readonly OutboundMessage['expects'][];

export const wireMessageSchema = z
  .object({
    id: z.string(),
    text: z.string(),
    /** `category` is on the score question's choices only, by the survey's `scoreBands`. */
    choices: z
      .array(
        z.object({
          label: z.string(),
          value: z.string(),
          category: z.enum(['detractor', 'passive', 'promoter'] as const satisfies readonly Category[]).optional(),
        }),
      )
      .optional(),
    expects: z.enum(EXPECTATIONS),
    scale: z.object({ low: z.string(), high: z.string() }).optional(),
    /** "agent" (with the agent's name as `author`) for a person answering a follow-up; the bot otherwise. */
    from: z.enum(['bot', 'agent']).optional(),
    author: z.string().optional(),
    /** On the reward code and the review and referral invitations: the code or the link, also in `text`. */
    offer: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('reward'), code: z.string() }),
        z.object({ kind: z.enum(['review', 'referral']), url: z.string() }),
      ])
      .optional(),
  })
  .meta({ id: 'Message' });
export type WireMessage = z.infer<typeof wireMessageSchema>;

export function toWire(message: OutboundMessage): WireMessage {
  return {
    id: message.id,
    text: message.text,
    ...(message.choices ? { choices: message.choices.map(toWireChoice) } : {}),
    expects: message.expects,
    ...(message.scale ? { scale: message.scale } : {}),
    ...(message.from === 'agent' ? { from: 'agent' as const, author: message.author ?? '' } : {}),
    ...(message.offer ? { offer: message.offer } : {}),
  };
}

function toWireChoice({ label, value, category }: NonNullable<OutboundMessage['choices']>[number]) {
  return category ? { label, value, category } : { label, value };
}

/** A transcript line: what the bot said (a `Message`) or what the visitor said (`from: "user"`). */
export const wireTranscriptEntrySchema = z.union([
  wireMessageSchema.extend({ from: z.enum(['bot', 'agent']) }),
  z.object({ id: z.string(), from: z.literal('user'), text: z.string(), expects: z.literal('none') }),
]);
export type WireTranscriptEntry = z.infer<typeof wireTranscriptEntrySchema>;

/** `201` to `POST /webchat/sessions`: the session, its token and the bot's first messages. */
export const sessionStartedSchema = z.object({
  sessionId: z.string(),
  token: z.string().meta({ description: 'send as `Authorization: Bearer <token>` on this session' }),
  messages: z.array(wireMessageSchema),
});

/** `200` to `POST /webchat/sessions` when the person is not surveyed (opted out, or asked too recently). */
export const sessionRefusedSchema = z.object({
  status: z
    .enum(['opted_out', 'throttled'] as const satisfies readonly Refusal[])
    .meta({ description: 'why no survey started' }),
  messages: z.array(wireMessageSchema).max(0),
  done: z.literal(true),
});

/** The bot's answer to a message. */
const followingUp = z
  .literal(true)
  .optional()
  .meta({ description: 'present while a follow-up is open: what the visitor types goes to the team' });

export const turnAnswerSchema = z.object({ messages: z.array(wireMessageSchema), done: z.boolean(), followingUp });

/** `GET /webchat/sessions/:sessionId/messages`: the whole conversation, for a page reload. */
export const transcriptAnswerSchema = z.object({
  messages: z.array(wireTranscriptEntrySchema),
  done: z.boolean(),
  followingUp,
});

export function transcriptToWire(entries: readonly TranscriptEntry[]): WireTranscriptEntry[] {
  return entries.map((entry) =>
    entry.from === 'bot'
      ? { from: 'bot', ...toWire(entry.message) }
      : { id: entry.id, from: 'user', text: entry.text, expects: 'none' },
  );
}

/** The web chat's wire format (see docs/webchat.md): request bodies and the `Message` shape. */
import { z } from 'zod';
import type { Category, Offer } from '../../dialogs/index.js';
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

export interface WireMessage {
  id: string;
  text: string;
  /** `category` is on the score question's choices only, by the survey's `scoreBands`. */
  choices?: { label: string; value: string; category?: Category }[];
  expects: OutboundMessage['expects'];
  scale?: { low: string; high: string };
  /** "agent" (with the agent's name as `author`) for a person answering a follow-up; the bot otherwise. */
  from?: 'bot' | 'agent';
  author?: string;
  /** On the reward code and the review and referral invitations: the code or the link, also in `text`. */
  offer?: Offer;
}

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
export type WireTranscriptEntry =
  | (WireMessage & { from: 'bot' | 'agent' })
  | { id: string; from: 'user'; text: string; expects: 'none' };

export function transcriptToWire(entries: readonly TranscriptEntry[]): WireTranscriptEntry[] {
  return entries.map((entry) =>
    entry.from === 'bot'
      ? { from: 'bot', ...toWire(entry.message) }
      : { id: entry.id, from: 'user', text: entry.text, expects: 'none' },
  );
}

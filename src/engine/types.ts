/**
 * What channels hand the engine and get back. Adapters translate their wire format into an
 * `Inbound` and render the `OutboundMessage`s; they know nothing else about the survey.
 */
import { z } from 'zod';
import type { ConversationState, DialogMessage } from '../../dialogs/index.js';

export const CHANNELS = ['slack', 'teams', 'webchat', 'terminal'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A person as a channel knows them: Slack user id, Teams AAD object id, web chat identity. */
export interface Person {
  channel: Channel;
  user: string;
}

export type InboundEvent =
  /**
   * Start (or start over) a survey. `user`: the person asked (the default). `bot`: a proactive
   * send, which gets a reminder. `page`: a web page opened it for a known customer; like `bot`
   * it is refused for someone who opted out or was asked within `throttleDays`, decided on the
   * same read as the turn itself, but it gets no reminder.
   */
  | {
      kind: 'start';
      startedBy?: StartedBy;
      touchpoint?: string | null;
      properties?: Record<string, string>;
      /**
       * The channel reports when the score question is on the person's screen (web chat's bubble
       * does, with `shown`): the survey counts as sent then, or at the person's first answer, not
       * at the start, which anyone can request without showing anything (docs/reports.md).
       */
      sentWhenShown?: boolean;
    }
  /** From the channel, not a person: the score question was shown; counts the survey as sent, once. */
  | { kind: 'shown' }
  | { kind: 'text'; text: string }
  /**
   * A button: the score, an area id, "yes" or "no". `question`: the id of the message whose
   * button it was (`OutboundMessage.id`), where the channel's card says so.
   */
  | { kind: 'choice'; value: string | number; question?: string }
  /** From the scheduler, not a person: the reminder of a bot-started survey is due. */
  | { kind: 'remind' }
  /** From the follow-up delivery (the outbox), not the person: an agent's reply to show them. */
  | { kind: 'agentReply'; author: string; text: string };

export type StartedBy = 'user' | 'bot' | 'page';

export interface Inbound extends Person {
  /** The channel's conversation: a Slack DM channel id, a Teams conversation id, a web chat session id. */
  conversation: string;
  userName?: string | null;
  /** The channel's locale tag ("en-US", "zh-TW"); the survey default when absent or unknown. */
  locale?: string | null;
  /** The channel's id for this message; the same id again is answered the same way, once. */
  messageId?: string | null;
  /** Only continue an existing conversation: answer `not_found` instead of starting one (web chat sessions). */
  continueOnly?: boolean;
  /**
   * The channel made this conversation's id and its person just now (an anonymous web chat
   * session, `anon:<sessionId>`): nothing can be stored under either yet, so the turn's first
   * attempt does not read the store. Its write still expects version 0, so if anything were
   * there the write would fail and the next attempt read it.
   */
  brandNew?: boolean;
  event: InboundEvent;
}

export interface OutboundMessage extends DialogMessage {
  /** Unique within the conversation, stable across a retry. */
  id: string;
}

export interface TurnResult {
  messages: OutboundMessage[];
  /** The conversation has ended; nothing more is expected from the person. */
  done: boolean;
  /** The survey has ended but its follow-up goes on: what the person writes now joins its thread. */
  followingUp?: boolean;
  /** This inbound id was seen before: the messages are the ones sent then, and nothing was done again. */
  duplicate: boolean;
  /**
   * 'unavailable' when the store could not be reached, 'failed' when the turn met a bug: the
   * messages then say "try again" (which only helps in the first case).
   */
  status: 'ok' | 'unavailable' | 'failed' | 'not_found';
  /**
   * On a button press: the card pressed, with its own question and the button's label, so the
   * channel can show it answered without reading the transcript. Absent on every other turn.
   */
  answered?: SettledQuestion;
  /**
   * Every question card this turn settled (the pressed one too): its step was answered, by a
   * button or by typing, or left ("restart", "stop"). None of them should offer buttons any more.
   */
  settled?: SettledQuestion[];
}

/** A question card that no longer takes an answer. */
export interface SettledQuestion {
  /** The question's `OutboundMessage.id`. */
  id: string;
  /** What that card asked. */
  question: string;
  /** The bot's words sent just before it in the same turn (a greeting), which a channel may show in the same message. */
  before: string[];
  /** The label of the answer given, or null when the step was left without one: the card just loses its buttons. */
  answer: string | null;
}

/** A question card still waiting for its answer (the record keeps these for `TurnResult.settled`). */
export interface OpenQuestion {
  id: string;
  text: string;
  before: string[];
}

/** One line of the conversation as both sides saw it; `at` is epoch milliseconds. */
export type TranscriptEntry =
  | { from: 'bot'; at: number; message: OutboundMessage }
  | { from: 'user'; at: number; id: string; text: string };

/** What the store keeps per conversation: the dialog state plus what the engine needs around it. */
export interface ConversationRecord {
  schema: 1;
  person: Person;
  conversation: string;
  responseId: string;
  touchpoint: string | null;
  properties: Record<string, string>;
  dialog: ConversationState;
  /**
   * The last inbound ids, and where their answer stands in the transcript (which the store keeps
   * apart from this record, so a turn reads and writes only what changes): for channel retries.
   */
  recent: { messageId: string; from: number; count: number; done: boolean }[];
  /** How many entries the transcript has. */
  transcriptLength: number;
  /** The last question with choices, to show a pressed button by its label. */
  lastChoices: { value: string; label: string }[] | null;
  /** The question cards of the current step still waiting for an answer; absent in records written before they were kept. */
  openQuestions?: OpenQuestion[];
  /** Written by earlier versions instead of `openQuestions`: the last question's text, read for their cards. */
  lastQuestion?: string | null;
  /** Counts messages sent so far, for stable message ids. */
  sent: number;
  /** The survey is not counted as sent yet: its question has not been reported shown (`sentWhenShown`). */
  sentPending?: true;
  /** The follow-up this conversation's response opened (docs/closing-the-loop.md). */
  followUpId?: string | null;
}

/** The `Response` of the API (docs/reports.md); times are ISO 8601 strings, absent values null. */
export const surveyResponseSchema = z
  .object({
    id: z.string(),
    surveyId: z.string(),
    channel: z.enum(CHANNELS),
    user: z.string(),
    locale: z.string(),
    touchpoint: z.string().nullable(),
    properties: z.record(z.string(), z.string()),
    score: z.number().int(),
    category: z.enum(['detractor', 'passive', 'promoter']),
    reason: z.string().nullable(),
    area: z.string().nullable(),
    contact: z.boolean(),
    reward: z.string().nullable(),
    status: z.enum(['answered', 'completed']),
    startedAt: z.string(),
    answeredAt: z.string().nullable(),
    completedAt: z.string().nullable(),
  })
  .meta({ id: 'Response' });
export type SurveyResponse = z.infer<typeof surveyResponseSchema>;

/** What the store keeps per person: opt-out and when they were last asked. */
export interface PersonRecord {
  optedOut: boolean;
  lastSurveyedAt: number | null;
}

/**
 * A web chat visitor without a signed identity, `anon:<sessionId>` (docs/webchat.md): the bot
 * cannot reach them outside the chat, and nobody else can come back as them.
 */
export function isAnonymousSession(person: Person): boolean {
  return person.channel === 'webchat' && person.user.startsWith('anon:');
}

/** The record of a person the store knows nothing of. */
export function unknownPerson(): PersonRecord {
  return { optedOut: false, lastSurveyedAt: null };
}

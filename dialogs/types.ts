/**
 * The dialog's vocabulary: conversation state, what can come in, what goes out, and the
 * side effects a transition asks its caller to run. All of it is plain JSON-safe data, except the
 * context's optional score reader, which is passed in for a call and never stored.
 */
import type { MessageKey } from './catalog/index.js';
import type { Locale } from './locale.js';
import type { ScoreReader } from './score-parser.js';

export type Category = 'detractor' | 'passive' | 'promoter';

/**
 * Follow-up steps (dialogs/follow-up.ts): `contactDetails` asks an anonymous visitor how to reach
 * them; `followUp` is the conversation after the survey, where what the person writes joins the
 * follow-up's thread. The survey has ended in `followUp` (its response is completed).
 */
export type FollowUpStep = 'contactDetails' | 'followUp';

/** How to reach a person outside the chat, as they gave it. */
export interface ContactDetails {
  email?: string;
  phone?: string;
}

/** Why a conversation reached `done`. */
export type Ending = 'completed' | 'declined' | 'gave_up' | 'opted_out' | 'expired';

/** Before a score has been understood: nothing is known yet. */
export interface NoAnswers {
  score: null;
  category: null;
  reason: null;
  area: null;
  contact: null;
  reward: null;
}

/** Once a score has been understood; `ScoredAnswers<'detractor'>` is a detractor's. */
export type ScoredAnswers<C extends Category = Category> = C extends Category
  ? {
      score: number;
      category: C;
      reason: string | null;
      area: string | null;
      contact: boolean | null;
      reward: string | null;
    }
  : never;

export type Answers = NoAnswers | ScoredAnswers;

/**
 * What each step guarantees on top of the common fields: a step after the score has a score,
 * the area and contact steps a detractor's, the reward step a promoter's, `done` an ending.
 * A new step is one more entry here (and its case in the transition's dispatch).
 */
export interface StepStates {
  /** Asking for the score; after a "restart" the earlier answers stand until a new score replaces them. */
  score: { ending: null; answers: Answers; answeredAt: number | null };
  reason: { ending: null; answers: ScoredAnswers; answeredAt: number };
  area: { ending: null; answers: ScoredAnswers<'detractor'>; answeredAt: number };
  /** A detractor's, or anyone's the survey file offers contact to (escalation.openAtOrBelow). */
  contact: { ending: null; answers: ScoredAnswers; answeredAt: number };
  /** Waiting for the caller's `rewardIssued`. */
  reward: { ending: null; answers: ScoredAnswers<'promoter'>; answeredAt: number };
  done: { ending: Ending; answers: Answers; answeredAt: number | null };
  /** Asking an anonymous visitor who accepted contact how to reach them. */
  contactDetails: { ending: null; answers: ScoredAnswers; answeredAt: number };
  /** The survey has ended; what the person writes now joins the follow-up's thread. */
  followUp: { ending: Ending; answers: ScoredAnswers; answeredAt: number };
}

/** Where the conversation stands; the step decides how the next input is read. */
export type Step = keyof StepStates;

/** What every step has. */
interface StateBase {
  /** Bumped when the shape changes; a stored state of another version is discarded. */
  schema: 1;
  surveyId: string;
  locale: Locale;
  userName: string | null;
  /** Who started it: reminders are sent only for surveys the bot started. */
  startedBy: 'user' | 'bot';
  failedTries: number;
  startedAt: number;
  completedAt: number | null;
  lastActivityAt: number;
  reminderSent: boolean;
  /** Follow-up fields; absent in conversations that never offered contact. */
  reachAt?: ContactDetails | null;
  followUpAcknowledged?: boolean;
  /**
   * At the score step after an unsure answer: the score the bot asked about ("Did you mean 5 out
   * of 10?"), so a typed "yes" confirms it. Absent otherwise (and in states stored before it).
   */
  guess?: number;
}

/** The conversation at one step, e.g. `StateAt<'area'>`. */
export type StateAt<S extends Step> = StateBase & { step: S } & StepStates[S];

/** The stored JSON is the same as before the union: the step says which fields are guaranteed. */
export type ConversationState = { [S in Step]: StateAt<S> }[Step];

/** One thing that happened in the conversation, as the dialog sees it. */
export type DialogInput =
  | { kind: 'start'; startedBy: 'user' | 'bot' }
  /** `cut`: the person typed more than MAX_TEXT_LENGTH and this is its start (dialogs/text-limit.ts). */
  | { kind: 'text'; text: string; cut?: true }
  | { kind: 'choice'; value: string | number }
  /** Fed back by the caller after running an `issueReward` effect; `code` is null when none is given. */
  | { kind: 'rewardIssued'; code: string | null; exhausted: boolean }
  | { kind: 'remind' }
  | { kind: 'expire' }
  /** An agent's reply to this person's follow-up, delivered into the conversation. */
  | { kind: 'agentReply'; author: string; text: string };

export type Expectation = 'score' | 'text' | 'choice' | 'none';

export interface Choice {
  label: string;
  value: string;
  /** On the score question's choices: the category that score falls in under the survey's bands. */
  category?: Category;
}

/** A channel-neutral message: adapters render it as Block Kit, an Adaptive Card, JSON or a line of text. */
export interface DialogMessage {
  /** Which catalogue entry it came from, so channels and tests can tell messages apart. */
  key: MessageKey;
  text: string;
  choices?: Choice[];
  expects: Expectation;
  /** Present on the score question: the labels of the scale's two ends. */
  scale?: { low: string; high: string };
  /** Who speaks: the bot (the default) or an agent answering a follow-up, with their name. */
  from?: 'bot' | 'agent';
  author?: string;
  /** On the reward code and the review and referral invitations: what they hand over, for a channel to show apart. */
  offer?: Offer;
}

/** A reward code, or a review or referral link, as it appears in its message's text. */
export type Offer = { kind: 'reward'; code: string } | { kind: 'review' | 'referral'; url: string };

export type DialogEffect =
  | { type: 'recordScore'; score: number; category: Category }
  | { type: 'recordReason'; reason: string | null }
  | { type: 'recordArea'; area: string | null }
  | { type: 'raiseEscalation' }
  | { type: 'issueReward' }
  | { type: 'complete'; ending: Ending }
  | { type: 'optOut' }
  /** Open a follow-up for this response; `consented` is false when the survey file opens one by score alone. */
  | { type: 'openFollowUp'; consented: boolean; contact: ContactDetails | null }
  /** What the person wrote while their follow-up is open: an entry of its thread. */
  | { type: 'followUpReply'; text: string };

export interface Transition {
  state: ConversationState;
  messages: DialogMessage[];
  effects: DialogEffect[];
}

/** What a transition needs besides the state and the input; time comes in, it is never read. */
export interface DialogContext {
  now: number;
  /** The locale the channel reports for this turn, already resolved; the survey default otherwise. */
  locale: Locale;
  userName?: string | null;
  /** The channel has no way to reach this person outside the chat (an anonymous web visitor). */
  anonymous?: boolean;
  /** Reads a typed score; `parseScore` unless a caller watches what it is given (a test). */
  readScore?: ScoreReader;
}

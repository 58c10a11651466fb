/**
 * The turn planner: pure. Given what the store returned for a turn (`Loaded`), the inbound
 * message, the survey, the time and an id source, it says what to do: answer without writing,
 * replay a retry's earlier answer, claim a reward code first, or commit one `TurnWrite` and
 * send its reply. The engine (engine.ts) does the I/O around it; tests drive it without a store.
 */
import {
  cutToTextLimit,
  type DialogContext,
  type DialogInput,
  type DialogMessage,
  resolveLocale,
  type ScoreReader,
  type Survey,
  startSurvey,
  startSurveyFrom,
  type Transition,
  textInput,
  transition,
} from '../../dialogs/index.js';
import { FOLLOW_UP_CONVERSATION_DAYS, followUpTurn } from '../followups/turn.js';
import type { Loaded, RewardClaim, RollupDelta, TurnWrite } from '../store/types.js';
import { turnIds } from './message-ids.js';
import { settleQuestions } from './open-questions.js';
import { type CountedValues, countedValuesOf, projectResponse, rollupChanges, sentCounters } from './response.js';
import { eventsFor } from './turn-events.js';
import {
  type ConversationRecord,
  type Inbound,
  isAnonymousSession,
  type OutboundMessage,
  type PersonRecord,
  type StartedBy,
  type TranscriptEntry,
  type TurnResult,
} from './types.js';

/** How many inbound ids a conversation remembers for retries. */
const REMEMBERED_INBOUND_IDS = 20;
const DAY_MS = 86_400_000;

export type Refusal = 'opted_out' | 'throttled';
export type TurnOutcome = TurnResult & { refused?: Refusal };

/** The dialog's effects plus what the engine itself notices during a turn. */
export type TurnEffect = Transition['effects'][number] | { type: 'rewardPoolExhausted' };

export interface PlanInputs {
  inbound: Inbound;
  loaded: Loaded;
  survey: Survey;
  now: number;
  newId: () => string;
  /** Whether anything delivers outgoing events; when nothing would, none are written. */
  wantsEvents: boolean;
  /** True until this process has warned that the reward pool is empty (once is enough). */
  warnPoolExhausted: boolean;
  /** The dialog's score reader, for a test that watches what it is given; the built-in one otherwise. */
  readScore?: ScoreReader | undefined;
}

export interface CommitPlan {
  kind: 'commit';
  write: TurnWrite;
  reply: TurnResult;
  /** The category of a score understood this turn, for the responses metric. */
  scored: string | null;
  /** This turn carries the process's one pool warning. */
  poolWarning: boolean;
}

export type Plan =
  /** Nothing to write: a refused start, an unknown session, a needless reminder. */
  | { kind: 'reply'; result: TurnOutcome }
  /** A retried inbound id: its earlier answer is in the transcript, at `from` for `count` lines. */
  | { kind: 'replay'; from: number; count: number; done: boolean; followingUp: boolean }
  /** The dialog asked for a reward code: claim one, then `planRewarded`. */
  | { kind: 'claimReward'; pending: PendingReward }
  | CommitPlan;

/** A turn waiting for its reward claim; opaque to the engine. */
export interface PendingReward {
  inputs: PlanInputs;
  advanced: Advanced;
  context: DialogContext;
}

/** What running the dialog changed, before the bookkeeping of the write. */
interface Advanced {
  record: ConversationRecord;
  startsNew: boolean;
  startedBy: 'user' | 'bot';
  effects: TurnEffect[];
  messages: DialogMessage[];
  person: PersonRecord | null;
}

export function planTurn(inputs: PlanInputs): Plan {
  const early = answerWithoutTurn(inputs);
  if (early) return early;
  if (inputs.inbound.event.kind === 'shown' && inputs.loaded.record) return planShown(inputs, inputs.loaded.record);
  const { advanced, context } = advance(inputs);
  if (advanced.effects.some((effect) => effect.type === 'issueReward')) {
    return { kind: 'claimReward', pending: { inputs, advanced, context } };
  }
  return commitPlan(inputs, advanced);
}

/** The second step of a promoter's turn: the claimed code goes back into the dialog. */
export function planRewarded({ inputs, advanced, context }: PendingReward, claim: RewardClaim): CommitPlan {
  const rewarded = transition(advanced.record.dialog, { kind: 'rewardIssued', ...claim }, inputs.survey, context);
  const poolEffect: TurnEffect[] = claim.exhausted ? [{ type: 'rewardPoolExhausted' }] : [];
  return commitPlan(inputs, {
    ...advanced,
    record: { ...advanced.record, dialog: rewarded.state },
    effects: [...advanced.effects, ...poolEffect, ...rewarded.effects],
    messages: [...advanced.messages, ...rewarded.messages],
  });
}

/** Whether the bot (or a page) may start a survey with this person now: opt-out and throttle (docs/reports.md). */
export function refusalFor(person: PersonRecord, survey: Survey, now: number): Refusal | undefined {
  if (person.optedOut) return 'opted_out';
  const throttleMs = survey.throttleDays * DAY_MS;
  if (person.lastSurveyedAt !== null && now - person.lastSurveyedAt < throttleMs) return 'throttled';
  return undefined;
}

function answerWithoutTurn({ inbound, loaded, survey, now }: PlanInputs): Plan | undefined {
  const previous = loaded.record;
  const { event } = inbound;
  const remembered = inbound.messageId ? previous?.recent.find((r) => r.messageId === inbound.messageId) : undefined;
  if (remembered) {
    const { from, count, done } = remembered;
    return { kind: 'replay', from, count, done, followingUp: previous?.dialog.step === 'followUp' };
  }
  const reply = (result: TurnOutcome): Plan => ({ kind: 'reply', result });
  if (!previous && (inbound.continueOnly || event.kind === 'shown'))
    return reply({ messages: [], done: true, duplicate: false, status: 'not_found' });
  // Shown again (a reload, a retry): counted already.
  if (event.kind === 'shown' && !previous?.sentPending) {
    return reply({ messages: [], done: surveyEnded(previous?.dialog.step ?? 'done'), duplicate: false, status: 'ok' });
  }
  if (event.kind === 'remind' && (!previous || surveyEnded(previous.dialog.step))) {
    return reply({ messages: [], done: true, duplicate: false, status: 'ok' });
  }
  // Neither the bot nor a page may ask someone who opted out or was asked recently, even mid-conversation.
  if (event.kind === 'start' && (event.startedBy === 'bot' || event.startedBy === 'page')) {
    const refused = refusalFor(loaded.person, survey, now);
    if (refused) return reply({ messages: [], done: true, duplicate: false, status: 'ok', refused });
  }
  return undefined;
}

/** Runs the dialog and says what changed for the person. */
function advance(inputs: PlanInputs): { advanced: Advanced; context: DialogContext } {
  const { inbound, loaded, survey, now, newId, readScore } = inputs;
  const previous = loaded.record;
  const { event } = inbound;
  const locale = resolveLocale(inbound.locale) ?? previous?.dialog.locale ?? survey.defaultLocale;
  const context = {
    now,
    locale,
    userName: inbound.userName ?? null,
    anonymous: isAnonymousSession(inbound),
    ...(readScore && { readScore }),
  };
  const startsNew = !previous || (event.kind === 'start' && surveyEnded(previous.dialog.step));
  const startedBy = event.kind === 'start' ? dialogStarter(event.startedBy) : 'user';
  if (!startsNew) {
    const step = transition(previous.dialog, toDialogInput(inbound), survey, context);
    const record = { ...previous, dialog: step.state };
    return {
      advanced: { record, startsNew, startedBy, effects: step.effects, messages: step.messages, person: null },
      context,
    };
  }
  const step =
    event.kind === 'text'
      ? startSurveyFrom(survey, context, textInput(event.text))
      : startSurvey(survey, context, startedBy);
  // A person who starts a survey themselves has opted back in.
  const ownWish = event.kind !== 'start' || (event.startedBy ?? 'user') === 'user';
  const person = { optedOut: ownWish ? false : loaded.person.optedOut, lastSurveyedAt: now };
  const record = newRecord(inbound, step.state, newId(), previous);
  return {
    advanced: { record, startsNew, startedBy, effects: step.effects, messages: step.messages, person },
    context,
  };
}

function commitPlan(inputs: PlanInputs, advanced: Advanced): CommitPlan {
  const { inbound, loaded, survey, now } = inputs;
  const { startsNew, startedBy, effects } = advanced;
  const person = personChange(loaded, advanced);
  const tracked = keepTrack(advanced.record, inbound, advanced.messages, now);
  const { outbound, transcript } = tracked;
  const questions = settleQuestions(loaded.record, tracked.record, inbound, outbound, effects);
  // `openQuestions` takes over from an older record's `lastQuestion`.
  const { lastQuestion: _older, ...current } = tracked.record;
  const record: ConversationRecord = { ...current, openQuestions: questions.open };
  const before = startsNew ? null : projectResponse(loaded.record);
  const after = projectResponse(record);
  const counted = countedValuesOf(survey);
  const rollups = rollupChanges(before, after, counted);
  rollups.push(...sentOnThisTurn(inbound, loaded.record, startsNew, record, counted));
  const hasPoolEffect = effects.some((effect) => effect.type === 'rewardPoolExhausted');
  const poolWarning = inputs.wantsEvents && inputs.warnPoolExhausted && hasPoolEffect;
  const followUp = followUpTurn({ effects, record, outbound, survey, now, newId: inputs.newId });
  const events = inputs.wantsEvents
    ? [...eventsFor(effects, record, { ...inputs, warnPoolExhausted: poolWarning }), ...followUp.events]
    : [];
  const write: TurnWrite = {
    key: inbound,
    expectedVersion: loaded.version,
    record,
    transcript,
    ttlSeconds: keepSeconds(record, survey),
    response: after,
    rollups,
    person,
    events,
    now,
    reminderAt: reminderChange(startsNew, startedBy, record, survey, now),
    ...(followUp.write ? { followUp: followUp.write } : {}),
  };
  const done = surveyEnded(record.dialog.step);
  const reply: TurnResult = {
    messages: outbound,
    done,
    ...(record.dialog.step === 'followUp' ? { followingUp: true } : {}),
    duplicate: false,
    status: 'ok',
    ...(questions.pressed ? { answered: questions.pressed } : {}),
    ...(questions.settled.length > 0 ? { settled: questions.settled } : {}),
  };
  const scored = effects.some((effect) => effect.type === 'recordScore') ? record.dialog.answers.category : null;
  return { kind: 'commit', write, reply, scored, poolWarning };
}

/**
 * The funnel's `sent` counts a survey once, when its question reached the person: at the start
 * on channels that post it there and then; on web chat when the bubble reports it shown, or at
 * the person's first answer if that report never came (docs/reports.md, "The funnel").
 * Marks `record` while its count is still to come.
 */
function sentOnThisTurn(
  inbound: Inbound,
  previous: ConversationRecord | null,
  startsNew: boolean,
  record: ConversationRecord,
  counted: CountedValues,
): RollupDelta[] {
  const { event } = inbound;
  if (startsNew && event.kind === 'start' && event.sentWhenShown === true) {
    record.sentPending = true;
    return [];
  }
  if (startsNew) return sentCounters(record, counted);
  const answered = event.kind === 'text' || event.kind === 'choice';
  if (!previous?.sentPending || !answered) return [];
  delete record.sentPending;
  return sentCounters(record, counted);
}

/** The bubble says the question is on screen: count the survey as sent, change nothing else. */
function planShown({ inbound, loaded, survey, now }: PlanInputs, previous: ConversationRecord): CommitPlan {
  const record: ConversationRecord = { ...previous };
  delete record.sentPending;
  const write: TurnWrite = {
    key: inbound,
    expectedVersion: loaded.version,
    record,
    transcript: [],
    ttlSeconds: keepSeconds(record, survey),
    response: projectResponse(record),
    rollups: sentCounters(record, countedValuesOf(survey)),
    person: null,
    events: [],
    now,
  };
  const reply: TurnResult = { messages: [], done: surveyEnded(record.dialog.step), duplicate: false, status: 'ok' };
  return { kind: 'commit', write, reply, scored: null, poolWarning: false };
}

/** The person record to write, or null to leave it: opting out, and back in by starting over. */
function personChange(loaded: Loaded, { record, effects, person }: Advanced): PersonRecord | null {
  const reopened = loaded.record?.dialog.step === 'done' && record.dialog.step !== 'done';
  // Someone who opted out and then starts over ("restart") has started a survey themselves: opted back in.
  let change = person;
  if (reopened && loaded.person.optedOut) change = { ...(change ?? loaded.person), optedOut: false };
  if (effects.some((effect) => effect.type === 'optOut')) change = { ...(change ?? loaded.person), optedOut: true };
  return change;
}

/**
 * A new survey in a conversation that had one goes on numbering its messages and counting its
 * transcript (which the store keeps appending to), so message ids stay unique in the conversation
 * and a card of the earlier survey is never taken for one of the new.
 */
function newRecord(
  inbound: Inbound,
  dialog: ConversationRecord['dialog'],
  responseId: string,
  previous: ConversationRecord | null,
): ConversationRecord {
  const { event } = inbound;
  return {
    schema: 1,
    person: { channel: inbound.channel, user: inbound.user },
    conversation: inbound.conversation,
    responseId,
    touchpoint: event.kind === 'start' ? (event.touchpoint ?? null) : null,
    properties: event.kind === 'start' ? { ...(event.properties ?? {}) } : {},
    dialog,
    recent: [],
    transcriptLength: previous?.transcriptLength ?? 0,
    lastChoices: null,
    sent: previous?.sent ?? 0,
  };
}

/** Numbers the messages, extends the transcript and remembers the inbound id with its answer. */
function keepTrack(advanced: ConversationRecord, inbound: Inbound, messages: DialogMessage[], now: number) {
  const ids = turnIds(advanced.sent, messages.length);
  const outbound: OutboundMessage[] = messages.map((message, i) => ({ ...message, id: ids.bot[i] ?? '' }));
  const { event } = inbound;
  const transcript: TranscriptEntry[] = [];
  if (event.kind === 'text' || event.kind === 'choice') {
    const said = event.kind === 'text' ? cutToTextLimit(event.text) : String(event.value);
    // A pressed button is shown by its label.
    const text = advanced.lastChoices?.find((choice) => choice.value === said)?.label ?? said;
    transcript.push({ from: 'user', at: now, id: ids.user, text });
  }
  for (const message of outbound) transcript.push({ from: 'bot', at: now, message });

  const done = surveyEnded(advanced.dialog.step);
  const record: ConversationRecord = {
    ...advanced,
    sent: ids.sent,
    transcriptLength: advanced.transcriptLength + transcript.length,
  };
  const asked = outbound.findLast((message) => message.choices && message.choices.length > 0);
  if (asked?.choices) record.lastChoices = asked.choices.map(({ value, label }) => ({ value, label }));
  if (inbound.messageId) {
    const from = advanced.transcriptLength + transcript.length - outbound.length;
    const remember = { messageId: inbound.messageId, from, count: outbound.length, done };
    record.recent = [...advanced.recent, remember].slice(-REMEMBERED_INBOUND_IDS);
  }
  return { record, outbound, transcript };
}

/** A bot-started survey is reminded once, if no score came; answering or ending cancels it. */
function reminderChange(
  startsNew: boolean,
  startedBy: 'user' | 'bot',
  record: ConversationRecord,
  survey: Survey,
  now: number,
): number | null | undefined {
  if (startsNew) return startedBy === 'bot' ? now + survey.reminderHours * 3_600_000 : null;
  const { dialog } = record;
  return dialog.answers.score !== null || dialog.step === 'done' || dialog.reminderSent ? null : undefined;
}

/** A conversation is kept `expiryHours` after its last message; with a follow-up open, much longer. */
function keepSeconds(record: ConversationRecord, survey: Survey): number {
  const hours = survey.expiryHours;
  const followingUp = record.dialog.step === 'followUp';
  return Math.ceil((followingUp ? Math.max(hours, FOLLOW_UP_CONVERSATION_DAYS * 24) : hours) * 3600);
}

/** The survey is over (the person is answered) once it is done or its follow-up goes on. */
export function surveyEnded(step: ConversationRecord['dialog']['step']): boolean {
  return step === 'done' || step === 'followUp';
}

/** The dialog knows two starters: the bot's own surveys (which get a reminder) and everyone else's. */
function dialogStarter(startedBy: StartedBy | undefined): 'user' | 'bot' {
  return startedBy === 'bot' ? 'bot' : 'user';
}

/** One case per inbound kind the dialog reads; a new kind of input is one more case. */
function toDialogInput(inbound: Inbound): DialogInput {
  const { event } = inbound;
  switch (event.kind) {
    case 'start':
      return { kind: 'start', startedBy: dialogStarter(event.startedBy) };
    case 'remind':
      return { kind: 'remind' };
    case 'agentReply':
      return { kind: 'agentReply', author: event.author, text: event.text };
    case 'text':
      // Where channel text becomes dialog input: cut to the one text limit before anything reads it.
      return textInput(event.text);
    case 'choice':
      return { kind: 'choice', value: event.value };
    case 'shown':
      // planShown handles it without the dialog; reaching here is a bug.
      throw new Error('a "shown" report is planned apart from the dialog');
  }
}

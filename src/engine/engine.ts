/**
 * One turn of any channel: load the conversation, run the pure dialog, write everything the
 * turn changed in one compare-and-set, and answer. Two turns racing on one conversation never
 * overwrite each other: the loser reads again and runs again, or finds its message already
 * answered and repeats that answer.
 */
import {
  cutToTextLimit,
  type DialogInput,
  type DialogMessage,
  type Locale,
  resolveLocale,
  type ScoreReader,
  type Survey,
  startSurvey,
  startSurveyFrom,
  type Transition,
  textInput,
  transition,
  translate,
} from '../../dialogs/index.js';
import type { ConversationStore, Loaded, OutgoingEvent, TurnWrite } from '../store/types.js';
import { projectResponse, rollupChanges, sentCounter } from './response.js';
import type {
  ConversationRecord,
  Inbound,
  OutboundMessage,
  Person,
  PersonRecord,
  TranscriptEntry,
  TurnResult,
} from './types.js';

/** How many inbound ids a conversation remembers for retries. */
const REMEMBERED_INBOUND_IDS = 20;
/** A conversation rarely has two writers at once; this bounds the pathological case (50 racing turns). */
const MAX_ATTEMPTS = 64;
const DAY_MS = 86_400_000;

export type Refusal = 'opted_out' | 'throttled';
type TurnOutcome = TurnResult & { refused?: Refusal };
interface PlannedTurn {
  write: TurnWrite;
  reply: TurnResult;
  scored: boolean;
}

/** The dialog's effects plus what the engine itself notices during a turn. */
type EngineEffect = Transition['effects'][number] | { type: 'rewardPoolExhausted' };

export interface EngineObserver {
  turn?(channel: string, outcome: TurnResult['status'] | 'duplicate' | 'refused', seconds: number): void;
  responseRecorded?(category: string): void;
  storeError?(error: unknown): void;
  rewardPoolExhausted?(surveyId: string): void;
}

export interface EngineOptions {
  store: ConversationStore;
  survey: Survey;
  clock?: () => number;
  newId: () => string;
  observer?: EngineObserver;
  /** Called with the events a turn raised, once the turn is saved. */
  publish?: (events: readonly OutgoingEvent[]) => void;
  /** Whether anything will deliver outgoing events; when nothing would, none are written. */
  wantsEvents?: () => boolean;
  /** The dialog's score reader, for a test that watches what it is given; the built-in one otherwise. */
  readScore?: ScoreReader;
}

export class Engine {
  private readonly store: ConversationStore;
  private readonly survey: Survey;
  private readonly clock: () => number;
  private readonly newId: () => string;
  private readonly observer: EngineObserver;
  private readonly publish: (events: readonly OutgoingEvent[]) => void;
  private readonly wantsEvents: () => boolean;
  private readonly readScore: ScoreReader | undefined;
  private warnedPoolExhausted = false;

  constructor(options: EngineOptions) {
    this.store = options.store;
    this.survey = options.survey;
    this.clock = options.clock ?? Date.now;
    this.newId = options.newId;
    this.observer = options.observer ?? {};
    this.publish = options.publish ?? (() => {});
    this.wantsEvents = options.wantsEvents ?? (() => true);
    this.readScore = options.readScore;
  }

  /** Handles one inbound message or start request and returns what to send back. */
  async handle(inbound: Inbound): Promise<TurnResult & { refused?: Refusal }> {
    const started = performance.now();
    const finish = <T extends TurnResult & { refused?: Refusal }>(result: T): T => {
      const outcome = result.refused ? 'refused' : result.duplicate ? 'duplicate' : result.status;
      this.observer.turn?.(inbound.channel, outcome, (performance.now() - started) / 1000);
      return result;
    };
    try {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const loaded = await this.store.load(inbound);
        const outcome = await this.planTurn(inbound, loaded);
        if ('result' in outcome) return finish(outcome.result);
        const committed = await this.store.commit(outcome.write);
        if (committed.ok) {
          const category = outcome.write.record.dialog.answers.category;
          if (outcome.scored && category) this.observer.responseRecorded?.(category);
          if (outcome.write.events.length > 0) this.publish(outcome.write.events);
          return finish(outcome.reply);
        }
        // Lost the race: spread the retries so a crowd of writers does not collide in lockstep.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt + 1, 10)));
      }
      throw new Error(
        `conversation ${inbound.channel}:${inbound.conversation} kept changing under ${MAX_ATTEMPTS} attempts`,
      );
    } catch (error) {
      this.observer.storeError?.(error);
      return finish(this.unavailable(inbound));
    }
  }

  /** The conversation so far and whether it has ended, for a page reload; null when there is none. */
  async view(
    key: Pick<Inbound, 'channel' | 'user' | 'conversation'>,
  ): Promise<{ transcript: TranscriptEntry[]; done: boolean } | null> {
    const { record } = await this.store.load(key);
    if (!record) return null;
    return { transcript: await this.store.readTranscript(key), done: record.dialog.step === 'done' };
  }

  /** The conversation so far, for a page reload; null when there is none. */
  async transcript(key: Pick<Inbound, 'channel' | 'user' | 'conversation'>): Promise<TranscriptEntry[] | null> {
    const { record } = await this.store.load(key);
    return record ? this.store.readTranscript(key) : null;
  }

  /** Whether the bot may start a survey with this person now (throttling and opt-out, docs/reports.md). */
  async eligibility(person: Person): Promise<'ok' | Refusal> {
    return this.refusalFor(await this.store.person(person)) ?? 'ok';
  }

  private refusalFor(person: PersonRecord): Refusal | undefined {
    if (person.optedOut) return 'opted_out';
    const throttleMs = this.survey.throttleDays * DAY_MS;
    if (person.lastSurveyedAt !== null && this.clock() - person.lastSurveyedAt < throttleMs) return 'throttled';
    return undefined;
  }

  private async planTurn(inbound: Inbound, loaded: Loaded): Promise<{ result: TurnOutcome } | PlannedTurn> {
    const early = await this.answerWithoutTurn(inbound, loaded);
    if (early) return { result: early };
    const now = this.clock();
    const advanced = await this.advance(inbound, loaded, now);
    const { record, startsNew, startedBy, effects } = advanced;
    const { outbound, transcript, done } = this.keepTrack(record, inbound, advanced.messages, now);
    const before = startsNew ? null : projectResponse(loaded.record);
    const after = projectResponse(record);
    const rollups = rollupChanges(before, after, this.survey.segments);
    if (startsNew) rollups.push(sentCounter(record));
    const write: TurnWrite = {
      key: inbound,
      expectedVersion: loaded.version,
      record,
      transcript,
      ttlSeconds: Math.ceil(this.survey.expiryHours * 3600),
      response: after,
      rollups,
      person: advanced.person,
      events: this.wantsEvents() ? this.eventsFor(effects, record, now) : [],
      now,
      reminderAt: this.reminderChange(startsNew, startedBy, record, now),
    };
    const scored = effects.some((effect) => effect.type === 'recordScore');
    return { write, reply: { messages: outbound, done, duplicate: false, status: 'ok' }, scored };
  }

  /** Answers that need no turn: a retried message, an unknown session, a needless reminder, a refused start. */
  private async answerWithoutTurn(inbound: Inbound, loaded: Loaded): Promise<TurnOutcome | undefined> {
    const previous = loaded.record;
    const { event } = inbound;
    const remembered = inbound.messageId ? previous?.recent.find((r) => r.messageId === inbound.messageId) : undefined;
    if (remembered) {
      // The rare path: a retry reads its earlier answer back from the transcript.
      const entries = await this.store.readTranscript(inbound, remembered.from, remembered.from + remembered.count - 1);
      const reply = entries.flatMap((entry) => (entry.from === 'bot' ? [entry.message] : []));
      return { messages: reply, done: remembered.done, duplicate: true, status: 'ok' };
    }
    if (!previous && inbound.continueOnly) return { messages: [], done: true, duplicate: false, status: 'not_found' };
    if (event.kind === 'remind' && (!previous || previous.dialog.step === 'done')) {
      return { messages: [], done: true, duplicate: false, status: 'ok' };
    }
    // The bot may not ask someone who opted out or was asked recently, even mid-conversation.
    if (event.kind === 'start' && event.startedBy === 'bot') {
      const refused = this.refusalFor(loaded.person);
      if (refused) return { messages: [], done: true, duplicate: false, status: 'ok', refused };
    }
    return undefined;
  }

  /** Runs the dialog (and a reward claim it asks for) and says what changed for the person. */
  private async advance(inbound: Inbound, loaded: Loaded, now: number) {
    const previous = loaded.record;
    const { event } = inbound;
    const locale = resolveLocale(inbound.locale) ?? previous?.dialog.locale ?? this.survey.defaultLocale;
    const context = {
      now,
      locale,
      userName: inbound.userName ?? null,
      ...(this.readScore && { readScore: this.readScore }),
    };
    const startsNew = !previous || (event.kind === 'start' && previous.dialog.step === 'done');
    const startedBy = event.kind === 'start' ? (event.startedBy ?? 'user') : 'user';

    let person: PersonRecord | null = null;
    let step: Transition;
    let record: ConversationRecord;
    if (startsNew) {
      step =
        event.kind === 'text'
          ? startSurveyFrom(this.survey, context, textInput(event.text))
          : startSurvey(this.survey, context, startedBy);
      // A person who starts a survey themselves has opted back in.
      person = { optedOut: startedBy === 'bot' ? loaded.person.optedOut : false, lastSurveyedAt: now };
      record = this.newRecord(inbound, step.state);
    } else {
      step = transition(previous.dialog, toDialogInput(inbound), this.survey, context);
      record = { ...previous, dialog: step.state };
    }

    const effects: EngineEffect[] = [...step.effects];
    const messages = [...step.messages];
    if (effects.some((effect) => effect.type === 'issueReward')) {
      const claim = await this.store.claimReward(this.survey.id, inbound);
      if (claim.exhausted) effects.push({ type: 'rewardPoolExhausted' } as const);
      const rewarded = transition(step.state, { kind: 'rewardIssued', ...claim }, this.survey, context);
      record.dialog = rewarded.state;
      effects.push(...rewarded.effects);
      messages.push(...rewarded.messages);
    }
    // Someone who opted out and then starts over ("restart") has started a survey themselves: opted back in.
    const reopened = previous?.dialog.step === 'done' && record.dialog.step !== 'done';
    if (reopened && loaded.person.optedOut) person = { ...(person ?? loaded.person), optedOut: false };
    if (effects.some((effect) => effect.type === 'optOut')) person = { ...(person ?? loaded.person), optedOut: true };
    return { record, startsNew, startedBy, effects, messages, person };
  }

  private newRecord(inbound: Inbound, dialog: ConversationRecord['dialog']): ConversationRecord {
    const { event } = inbound;
    return {
      schema: 1,
      person: { channel: inbound.channel, user: inbound.user },
      conversation: inbound.conversation,
      responseId: this.newId(),
      touchpoint: event.kind === 'start' ? (event.touchpoint ?? null) : null,
      properties: event.kind === 'start' ? { ...(event.properties ?? {}) } : {},
      dialog,
      recent: [],
      transcriptLength: 0,
      lastChoices: null,
      sent: 0,
    };
  }

  /** Numbers the messages, extends the transcript and remembers the inbound id with its answer. */
  private keepTrack(record: ConversationRecord, inbound: Inbound, messages: DialogMessage[], now: number) {
    const outbound = this.number(messages, record.sent + 2);
    const done = record.dialog.step === 'done';
    record.sent += outbound.length + 1;
    const transcript = this.transcriptOf(inbound, record, outbound, now);
    const replyFrom = record.transcriptLength + transcript.length - outbound.length;
    record.transcriptLength += transcript.length;
    const asked = outbound.findLast((message) => message.choices && message.choices.length > 0);
    if (asked?.choices) record.lastChoices = asked.choices;
    if (inbound.messageId) {
      const remember = { messageId: inbound.messageId, from: replyFrom, count: outbound.length, done };
      record.recent = [...record.recent, remember].slice(-REMEMBERED_INBOUND_IDS);
    }
    return { outbound, transcript, done };
  }

  /** A bot-started survey is reminded once, if no score came; answering or ending cancels it. */
  private reminderChange(startsNew: boolean, startedBy: 'user' | 'bot', record: ConversationRecord, now: number) {
    if (startsNew) return startedBy === 'bot' ? now + this.survey.reminderHours * 3_600_000 : null;
    const { dialog } = record;
    return dialog.answers.score !== null || dialog.step === 'done' || dialog.reminderSent ? null : undefined;
  }

  private number(messages: DialogMessage[], first: number): OutboundMessage[] {
    return messages.map((message, i) => ({ ...message, id: `m${first + i}` }));
  }

  private transcriptOf(
    inbound: Inbound,
    record: ConversationRecord,
    outbound: OutboundMessage[],
    at: number,
  ): TranscriptEntry[] {
    const entries: TranscriptEntry[] = [];
    const { event } = inbound;
    if (event.kind === 'text' || event.kind === 'choice') {
      const said = event.kind === 'text' ? cutToTextLimit(event.text) : String(event.value);
      const text = record.lastChoices?.find((choice) => choice.value === said)?.label ?? said;
      entries.push({ from: 'user', at, id: `u${record.sent - outbound.length}`, text });
    }
    for (const message of outbound) entries.push({ from: 'bot', at, message });
    return entries;
  }

  private eventsFor(effects: EngineEffect[], record: ConversationRecord, now: number): OutgoingEvent[] {
    const response = projectResponse(record);
    const at = new Date(now).toISOString();
    const events: OutgoingEvent[] = [];
    for (const effect of effects) {
      if (effect.type === 'recordScore') events.push({ id: this.newId(), type: 'response.scored', at, data: response });
      if (effect.type === 'complete') events.push({ id: this.newId(), type: 'response.completed', at, data: response });
      if (effect.type === 'rewardPoolExhausted' && !this.warnedPoolExhausted) {
        // Once per process is enough to reach the operator; every later promoter is told politely.
        this.warnedPoolExhausted = true;
        this.observer.rewardPoolExhausted?.(this.survey.id);
        events.push({ id: this.newId(), type: 'reward.pool_exhausted', at, data: { surveyId: this.survey.id } });
      }
      if (effect.type === 'raiseEscalation') {
        const promisedBy = new Date(now + this.survey.escalation.promiseHours * 3_600_000).toISOString();
        events.push({ id: this.newId(), type: 'escalation.raised', at, data: { response, promisedBy } });
      }
    }
    return events;
  }

  private unavailable(inbound: Inbound): TurnResult {
    const locale: Locale = resolveLocale(inbound.locale) ?? this.survey.defaultLocale;
    const text = translate(locale, 'unavailable', {}, this.survey.texts);
    return {
      messages: [{ id: `unavailable-${this.clock()}`, key: 'unavailable', text, expects: 'none' }],
      done: false,
      duplicate: false,
      status: 'unavailable',
    };
  }
}

function toDialogInput(inbound: Inbound): DialogInput {
  const { event } = inbound;
  if (event.kind === 'start') return { kind: 'start', startedBy: event.startedBy ?? 'user' };
  if (event.kind === 'remind') return { kind: 'remind' };
  // Where channel text becomes dialog input: cut to the one text limit before anything reads it.
  return event.kind === 'text' ? textInput(event.text) : event;
}

/**
 * One turn of any channel, as an I/O loop around the pure planner (planner.ts): load the
 * conversation, plan, claim a reward code if the plan asks for one, commit everything the turn
 * changed in one compare-and-set, publish its events, answer. Two turns racing on one
 * conversation never overwrite each other: the loser loads again and plans again, or finds its
 * message already answered and repeats that answer.
 *
 * A failure of the store is told apart from a bug: the store's rejections are wrapped as
 * `StoreFailure` where they happen, and the person is asked to try again (`unavailable`);
 * anything else thrown during a turn is a bug, reported as one and answered `failed`. A write
 * whose call failed is read back first: it may have been saved all the same.
 */
import { type Locale, resolveLocale, type ScoreReader, type Survey, translate } from '../../dialogs/index.js';
import type { CommitResult, ConversationStore, Loaded, OutgoingEvent, TurnWrite } from '../store/types.js';
import {
  type CommitPlan,
  type Plan,
  planRewarded,
  planTurn,
  type Refusal,
  refusalFor,
  surveyEnded,
  type TurnOutcome,
} from './planner.js';
import { RecentTurns } from './recent-turns.js';
import { holdsTurn } from './saved-turn.js';
import { type Inbound, type Person, type TranscriptEntry, type TurnResult, unknownPerson } from './types.js';

export type { Refusal } from './planner.js';

/** A conversation rarely has two writers at once; this bounds the pathological case (50 racing turns). */
const MAX_ATTEMPTS = 64;

/** The store did not answer (or refused): the turn can be tried again later. */
export class StoreFailure extends Error {
  readonly code = 'unavailable';
  constructor(readonly cause: unknown) {
    super(`the store failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export type TurnOutcomeLabel = TurnResult['status'] | 'duplicate' | 'refused';

export interface EngineObserver {
  turn?(channel: string, outcome: TurnOutcomeLabel, seconds: number): void;
  responseRecorded?(category: string): void;
  storeError?(error: unknown): void;
  /** A turn failed with a bug in this program (not the store): logged and counted apart. */
  bug?(error: unknown): void;
  rewardPoolExhausted?(surveyId: string): void;
  /** A promoter was given no code because the store may forget which codes were given. */
  rewardWithheld?(surveyId: string): void;
  /** A turn's write failed (a timeout) but was found saved when read back: answered as a success. */
  savedAfterFailure?(error: unknown): void;
}

export interface EngineOptions {
  store: ConversationStore;
  survey: Survey;
  /** Wall-clock time (epoch ms), for what a turn records. */
  clock?: () => number;
  /** A monotonic clock in milliseconds, for how long a turn took. */
  timer?: () => number;
  /** A number in [0, 1), for the pause before a turn that lost a race runs again. */
  random?: () => number;
  /** Waits that many milliseconds (tests may pass one that does not wait). */
  sleep?: (ms: number) => Promise<void>;
  newId: () => string;
  observer?: EngineObserver;
  /** Called with the events a turn raised, once the turn is saved. */
  publish?: (events: readonly OutgoingEvent[]) => void;
  /** Whether anything will deliver outgoing events; when nothing would, none are written. */
  wantsEvents?: () => boolean;
  /** The dialog's score reader, for a test that watches what it is given; the built-in one otherwise. */
  readScore?: ScoreReader;
  /**
   * True while reward codes must not be handed out: the store may forget which were given (an
   * evicting Redis, a wiped store; docs/operations.md). Promoters then end as a survey with no pool does.
   */
  withholdRewards?: () => boolean;
}

/** No code and no "ran out" apology: the promoter is thanked with the links, as when a survey has no pool. */
const WITHHELD = { code: null, exhausted: false } as const;

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Engine {
  private readonly store: ConversationStore;
  private readonly survey: Survey;
  private readonly clock: () => number;
  private readonly timer: () => number;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly newId: () => string;
  private readonly observer: EngineObserver;
  private readonly publish: (events: readonly OutgoingEvent[]) => void;
  private readonly wantsEvents: () => boolean;
  private readonly readScore: ScoreReader | undefined;
  private readonly withholdRewards: () => boolean;
  private warnedPoolExhausted = false;
  private readonly recentTurns: RecentTurns;

  constructor(options: EngineOptions) {
    this.store = options.store;
    this.survey = options.survey;
    this.clock = options.clock ?? Date.now;
    this.timer = options.timer ?? (() => performance.now());
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? wait;
    this.newId = options.newId;
    this.observer = options.observer ?? {};
    this.publish = options.publish ?? (() => {});
    this.wantsEvents = options.wantsEvents ?? (() => true);
    this.readScore = options.readScore;
    this.withholdRewards = options.withholdRewards ?? (() => false);
    this.recentTurns = new RecentTurns(this.clock);
  }

  /** Handles one inbound message or start request and returns what to send back. */
  async handle(inbound: Inbound): Promise<TurnOutcome> {
    const started = this.timer();
    const result = await this.runTurn(inbound).catch((error: unknown) => this.failed(inbound, error));
    const outcome = result.refused ? 'refused' : result.duplicate ? 'duplicate' : result.status;
    this.observer.turn?.(inbound.channel, outcome, (this.timer() - started) / 1000);
    return result;
  }

  /** The conversation so far and whether it has ended, for a page reload; null when there is none. */
  async view(
    key: Pick<Inbound, 'channel' | 'user' | 'conversation'>,
  ): Promise<{ transcript: TranscriptEntry[]; done: boolean; followingUp: boolean } | null> {
    const { record } = await this.fromStore(this.store.load(key));
    if (!record) return null;
    const transcript = await this.fromStore(this.store.readTranscript(key));
    return { transcript, done: surveyEnded(record.dialog.step), followingUp: record.dialog.step === 'followUp' };
  }

  /** The conversation so far, for a page reload; null when there is none. */
  async transcript(key: Pick<Inbound, 'channel' | 'user' | 'conversation'>): Promise<TranscriptEntry[] | null> {
    const { record } = await this.fromStore(this.store.load(key));
    return record ? this.fromStore(this.store.readTranscript(key)) : null;
  }

  /** Whether the bot may start a survey with this person now (throttling and opt-out, docs/reports.md). */
  async eligibility(person: Person): Promise<'ok' | Refusal> {
    const record = await this.fromStore(this.store.person(person));
    return refusalFor(record, this.survey, this.clock()) ?? 'ok';
  }

  private async runTurn(inbound: Inbound): Promise<TurnOutcome> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const loaded = (attempt === 0 && (await this.knownWithoutReading(inbound))) || (await this.load(inbound));
      const plan = await this.withReward(
        inbound,
        planTurn({
          inbound,
          loaded,
          survey: this.survey,
          now: this.clock(),
          newId: this.newId,
          wantsEvents: this.wantsEvents(),
          warnPoolExhausted: !this.warnedPoolExhausted,
          readScore: this.readScore,
        }),
      );
      if (plan.kind === 'reply') return plan.result;
      if (plan.kind === 'replay') {
        // The rare path: a retry reads its earlier answer back from the transcript.
        const entries = await this.fromStore(this.store.readTranscript(inbound, plan.from, plan.from + plan.count - 1));
        const messages = entries.flatMap((entry) => (entry.from === 'bot' ? [entry.message] : []));
        return { messages, done: plan.done, followingUp: plan.followingUp, duplicate: true, status: 'ok' };
      }
      this.notePoolWarning(plan);
      const committed = await this.commitChecked(inbound, plan.write);
      if (committed.ok) {
        this.recentTurns.remember(inbound, {
          record: plan.write.record,
          version: committed.version,
          person: plan.write.person ?? loaded.person,
        });
        if (plan.scored) this.observer.responseRecorded?.(plan.scored);
        if (plan.write.events.length > 0) this.publish(plan.write.events);
        return plan.reply;
      }
      this.recentTurns.forget(inbound);
      // Lost the race: spread the retries so a crowd of writers does not collide in lockstep.
      await this.sleep(this.random() * Math.min(attempt + 1, 10));
    }
    throw new StoreFailure(
      new Error(`conversation ${inbound.channel}:${inbound.conversation} kept changing under ${MAX_ATTEMPTS} attempts`),
    );
  }

  private load(inbound: Inbound): Promise<Loaded> {
    return this.fromStore(this.store.load(inbound));
  }

  /**
   * What a read would return, when it is known without one: nothing yet for a conversation the
   * channel made just now, or, for a person's answer in an anonymous session, what this process
   * last wrote (recent-turns.ts). An answer is always written, so a stale copy costs a refused
   * write and a read, never a lost turn; the events that may end without a write (shown, remind,
   * start) read the store.
   */
  private async knownWithoutReading(inbound: Inbound): Promise<Loaded | undefined> {
    if (inbound.brandNew) return { record: null, version: 0, person: unknownPerson() };
    const answer = inbound.event.kind === 'text' || inbound.event.kind === 'choice';
    const remembered = answer ? this.recentTurns.recall(inbound) : undefined;
    // Planned on the next turn of the event loop, beside the other turns whose reads came back
    // together, rather than inside this request's HTTP callback: measured, planning at once made
    // each turn slower than the read it saved (docs/performance.md, "Remembered turns").
    if (remembered) await new Promise((resolve) => setImmediate(resolve));
    return remembered;
  }

  /**
   * Commits a turn's write. When the call fails, the write may still have been saved (a command
   * that timed out runs once Redis wakes), so the conversation is read back before the person is
   * told to try again: a saved turn is answered as the success it was (saved-turn.ts).
   */
  private async commitChecked(inbound: Inbound, write: TurnWrite): Promise<CommitResult> {
    try {
      return await this.store.commit(write);
    } catch (error) {
      this.recentTurns.forget(inbound);
      const saved = await this.store.load(inbound).then(
        (loaded) => holdsTurn(loaded, write, inbound),
        () => false,
      );
      if (saved) {
        this.observer.savedAfterFailure?.(error);
        return { ok: true, version: write.expectedVersion + 1 };
      }
      throw new StoreFailure(error);
    }
  }

  /** A plan that asks for a reward code gets one from the store and is planned to the end. */
  private async withReward(inbound: Inbound, plan: Plan): Promise<Exclude<Plan, { kind: 'claimReward' }>> {
    if (plan.kind !== 'claimReward') return plan;
    if (this.withholdRewards()) {
      this.observer.rewardWithheld?.(this.survey.id);
      return planRewarded(plan.pending, WITHHELD);
    }
    const claim = await this.fromStore(this.store.claimReward(this.survey.id, inbound));
    return planRewarded(plan.pending, claim);
  }

  private notePoolWarning(plan: CommitPlan): void {
    if (!plan.poolWarning || this.warnedPoolExhausted) return;
    // Once per process is enough to reach the operator; every later promoter is told politely.
    this.warnedPoolExhausted = true;
    this.observer.rewardPoolExhausted?.(this.survey.id);
  }

  /** Marks a store call's failure as the store's, so it is not mistaken for a bug. */
  private fromStore<T>(call: Promise<T>): Promise<T> {
    return call.catch((error: unknown) => {
      throw new StoreFailure(error);
    });
  }

  private failed(inbound: Inbound, error: unknown): TurnOutcome {
    const storeFailed = error instanceof StoreFailure;
    if (storeFailed) this.observer.storeError?.(error.cause);
    else this.observer.bug?.(error);
    const locale: Locale = resolveLocale(inbound.locale) ?? this.survey.defaultLocale;
    // Either way the person reads the same apology; only a store failure is worth retrying.
    const text = translate(locale, 'unavailable', {}, this.survey.texts);
    return {
      messages: [{ id: `unavailable-${this.clock()}`, key: 'unavailable', text, expects: 'none' }],
      done: false,
      duplicate: false,
      status: storeFailed ? 'unavailable' : 'failed',
    };
  }
}

/**
 * The survey conversation as a pure transition: `(state, input, survey, context)` in,
 * `{ state, messages, effects }` out. No I/O, no clock, no randomness: the caller loads
 * and saves the state and runs the effects (see docs/conversation.md).
 */
import { categorise } from './categories.js';
import { readCommand, readYesNo } from './commands.js';
import { agentMessage, offersContact, opensWithoutConsent, promise, readContactDetails } from './follow-up.js';
import { MessageWriter } from './messages.js';
import { parseScore, type ScoreReader, type ScoreRefusal } from './score-parser.js';
import type { Survey } from './survey.js';
import { cutToTextLimit, type TextInput, textInput, withinTextLimit } from './text-limit.js';
import type {
  Category,
  ContactDetails,
  ConversationState,
  DialogContext,
  DialogEffect,
  DialogInput,
  DialogMessage,
  Ending,
  ScoredAnswers,
  StateAt,
  Transition,
} from './types.js';

export const MAX_FAILED_TRIES = 3;
/** Reasons longer than this are cut: a chat answer, not an essay, and it bounds the stored state. */

const REFUSAL_MESSAGE = {
  no_number: 'invalidNoNumber',
  ambiguous: 'invalidAmbiguous',
  not_whole: 'invalidNotWhole',
  out_of_range: 'invalidOutOfRange',
} as const satisfies Record<Exclude<ScoreRefusal, 'unsure'>, string>;
type RepromptKey = (typeof REFUSAL_MESSAGE)[keyof typeof REFUSAL_MESSAGE] | 'invalidTooLong' | 'confirmGuess';

export function newConversation(survey: Survey, context: DialogContext, startedBy: 'user' | 'bot'): StateAt<'score'> {
  return {
    schema: 1,
    surveyId: survey.id,
    locale: context.locale,
    userName: context.userName ?? null,
    startedBy,
    step: 'score',
    ending: null,
    failedTries: 0,
    answers: { score: null, category: null, reason: null, area: null, contact: null, reward: null },
    startedAt: context.now,
    answeredAt: null,
    completedAt: null,
    lastActivityAt: context.now,
    reminderSent: false,
  };
}

/** Starts a conversation: greeting and the recommendation question. */
export function startSurvey(survey: Survey, context: DialogContext, startedBy: 'user' | 'bot'): Transition {
  const state = newConversation(survey, context, startedBy);
  const write = new MessageWriter(survey, state.locale);
  return { state, messages: [write.greeting(state.userName), write.scoreQuestion()], effects: [] };
}

/**
 * Starts a survey from a person's first message. When that message is already a clear score
 * ("9" typed into a DM after an earlier survey closed), it is taken as the answer, as a person
 * would: the greeting, then straight to the "why". Anything else gets the greeting and question.
 */
export function startSurveyFrom(survey: Survey, context: DialogContext, opening: string | TextInput): Transition {
  const started = startSurvey(survey, context, 'user');
  const input = typeof opening === 'string' ? textInput(opening) : withinTextLimit(opening);
  const readScore = context.readScore ?? parseScore;
  if (input.cut || readCommand(input.text) || !readScore(input.text).ok) return started;
  const scored = transition(started.state, input, survey, context);
  return {
    state: scored.state,
    messages: [...started.messages.slice(0, 1), ...scored.messages],
    effects: scored.effects,
  };
}

export function transition(
  state: ConversationState,
  input: DialogInput,
  survey: Survey,
  context: DialogContext,
): Transition {
  const turn = new Turn(state, survey, context);
  // Whoever calls, nothing below reads more than the text limit.
  return turn.run(input.kind === 'text' ? withinTextLimit(input) : input);
}

/** One transition's working space: the next state, the messages and effects gathered so far. */
class Turn {
  private next: ConversationState;
  private readonly messages: DialogMessage[] = [];
  private readonly effects: DialogEffect[] = [];
  private readonly write: MessageWriter;
  private readonly readScore: ScoreReader;
  /** The score the bot asked the person to confirm last turn ("Did you mean 5 out of 10?"), if any. */
  private readonly guess: number | null;

  constructor(
    state: ConversationState,
    private readonly survey: Survey,
    private readonly context: DialogContext,
  ) {
    // The locale can change between turns (a browser switched language); follow the channel.
    // Nothing below changes a state in place except these top-level fields, so a shallow copy will do.
    // A guess is good for the one answer that follows it.
    this.guess = state.guess ?? null;
    this.next = { ...state, locale: context.locale };
    // Only a re-prompt naming a guess keeps one: stored states carry the field only then.
    if (this.guess !== null) delete this.next.guess;
    if (context.userName && !state.userName) this.next.userName = context.userName;
    this.write = new MessageWriter(survey, this.next.locale);
    this.readScore = context.readScore ?? parseScore;
  }

  run(input: DialogInput): Transition {
    // Only the person's own turns count as activity: a reminder must not push expiry back.
    if (input.kind === 'start' || input.kind === 'text' || input.kind === 'choice') {
      this.next.lastActivityAt = this.context.now;
    }
    switch (input.kind) {
      case 'start':
        return this.restart(input.startedBy, false);
      case 'remind':
        return this.remind();
      case 'expire':
        return this.expire();
      case 'rewardIssued':
        // Only meaningful right after this conversation asked for a reward.
        return this.next.step === 'reward' ? this.thankPromoter(input.code, input.exhausted) : this.result();
      case 'text':
      case 'choice':
        return this.answer(input);
      case 'agentReply':
        // An agent's words are not the person's activity and change nothing in the survey.
        this.messages.push(agentMessage(input.author, input.text));
        return this.result();
    }
  }

  private result(): Transition {
    return { state: this.next, messages: this.messages, effects: this.effects };
  }

  private answer(input: Extract<DialogInput, { kind: 'text' | 'choice' }>): Transition {
    const text = String(input.kind === 'text' ? input.text : input.value);
    // Blank text is a stray send, not an answer: it costs no try and changes nothing.
    if (input.kind === 'text' && text.trim() === '') return this.result();
    const command = input.kind === 'text' ? readCommand(text) : undefined;
    if (command === 'stop') return this.optOut();
    if (command === 'restart') return this.restart(this.next.startedBy, true);
    if (command === 'help') {
      this.messages.push(this.write.say('help'));
      const question = this.currentQuestion();
      if (question) this.messages.push(question);
      return this.result();
    }
    const skipped = command === 'skip';

    // One case per step; each handler gets the state narrowed to its step.
    const state = this.next;
    switch (state.step) {
      case 'score':
        if (this.guess !== null && input.kind === 'text' && readYesNo(text) !== undefined) {
          // "yes" to "Did you mean 5 out of 10?" gives the 5; "no" asks for the number.
          return readYesNo(text)
            ? this.score({ kind: 'choice', value: this.guess })
            : this.failedTry('invalidAmbiguous');
        }
        // "skip" or "no thanks" to the first question: the person does not want to answer now.
        return skipped || (input.kind === 'text' && readYesNo(text) === false)
          ? this.end('declined', 'declined')
          : this.score(input);
      case 'reason':
        // A button pressed at the reason step is a score button again (a double click, or a
        // change of mind on a card that stays clickable), never a reason.
        if (input.kind === 'choice' && this.readScore(text).ok) return this.score(input);
        return this.reason(state, skipped ? null : text);
      case 'area':
        return this.area(state, skipped ? null : text);
      case 'contact':
        return this.contact(state, readYesNo(text));
      case 'contactDetails':
        return this.contactDetails(state, text);
      case 'followUp':
        return this.followUpReply(state, input);
      case 'reward':
      case 'done':
        // Someone who never gave a score has not "already answered": the survey is simply closed.
        this.messages.push(this.write.say(state.answers.score === null ? 'expired' : 'alreadyDone'));
        return this.result();
    }
  }

  private score(input: Extract<DialogInput, { kind: 'text' | 'choice' }>): Transition {
    // A score is never read from part of a message: what the person meant may be in the rest.
    if (input.kind === 'text' && input.cut) return this.failedTry('invalidTooLong');
    const reading = this.readScore(String(input.kind === 'text' ? input.text : input.value));
    if (!reading.ok) {
      // An unsure reading is never recorded: the bot names its guess and one tap confirms it.
      if (reading.reason === 'unsure') return this.failedTry('confirmGuess', reading.guess);
      return this.failedTry(REFUSAL_MESSAGE[reading.reason]);
    }

    const category = categorise(reading.score, this.survey.scoreBands);
    // A restart keeps the same response (and its reward); a new score replaces the old one everywhere.
    const answers = scored(reading.score, category, this.next.answers.reward);
    this.next = {
      ...this.next,
      step: 'reason',
      ending: null,
      answers,
      answeredAt: this.context.now,
      completedAt: null,
      failedTries: 0,
    };
    this.effects.push({ type: 'recordScore', score: reading.score, category });
    this.messages.push(this.write.reasonQuestion(category));
    return this.result();
  }

  private failedTry(
    key: RepromptKey | 'areaInvalid' | 'contactInvalid' | 'contactDetailsInvalid',
    guess?: number,
  ): Transition {
    this.next.failedTries += 1;
    if (this.next.failedTries >= MAX_FAILED_TRIES) {
      // What was already given still counts: the score was recorded the moment it was understood.
      return this.end('gave_up', 'gaveUp');
    }
    if (guess !== undefined) this.next.guess = guess;
    const params: Record<string, number> = guess === undefined ? {} : { score: guess };
    const question = this.currentQuestion();
    this.messages.push(question ? this.write.reprompt(key, question, params) : this.write.say(key, params));
    return this.result();
  }

  private reason(state: StateAt<'reason'>, reason: string | null): Transition {
    // Text is already within the limit; a button's value is cut the same way.
    const trimmed = (reason === null ? '' : cutToTextLimit(reason)).trim() || null;
    const answers = { ...state.answers, reason: trimmed };
    this.next = { ...state, answers };
    this.effects.push({ type: 'recordReason', reason: trimmed });
    if (answers.category === 'detractor') {
      this.next = { ...state, step: 'area', answers };
      this.messages.push(this.write.areaQuestion());
      return this.result();
    }
    if (offersContact(this.survey, answers.score, answers.category)) {
      this.next = { ...state, step: 'contact', answers };
      this.messages.push(this.write.contactQuestion());
      return this.result();
    }
    return this.close(answers.category);
  }

  /** The end of a passive's or a promoter's survey. */
  private close(category: Exclude<Category, 'detractor'>): Transition {
    if (category === 'passive') {
      this.messages.push(this.write.say('passiveThanks'));
      if (this.survey.reward.reviewUrl && this.survey.reward.reviewAudience === 'everyone') {
        this.messages.push(this.write.offer({ kind: 'review', url: this.survey.reward.reviewUrl }));
      }
      return this.end('completed');
    }
    if (this.survey.reward.codes.length > 0) {
      // The caller claims a code from the pool and answers with a `rewardIssued` input.
      const { answers } = this.next;
      if (answers.category !== 'promoter') return this.end('completed');
      this.next = {
        ...this.next,
        step: 'reward',
        ending: null,
        answers,
        answeredAt: this.next.answeredAt ?? this.context.now,
      };
      this.effects.push({ type: 'issueReward' });
      return this.result();
    }
    return this.thankPromoter(null, false);
  }

  private area(state: StateAt<'area'>, answer: string | null): Transition {
    let area: string | null = null;
    if (answer !== null) {
      const matched = this.write.matchArea(answer);
      if (!matched) return this.failedTry('areaInvalid');
      area = matched;
    }
    this.next = { ...state, step: 'contact', answers: { ...state.answers, area }, failedTries: 0 };
    this.effects.push({ type: 'recordArea', area });
    this.messages.push(this.write.contactQuestion());
    return this.result();
  }

  private contact(state: StateAt<'contact'>, accepted: boolean | undefined): Transition {
    if (accepted === undefined) return this.failedTry('contactInvalid');
    const answers = { ...state.answers, contact: accepted };
    this.next = { ...state, answers };
    if (accepted) {
      if (!this.context.anonymous) return this.openFollowUp(null);
      // Nothing reaches an anonymous visitor outside this chat unless they say how.
      this.next = { ...state, step: 'contactDetails', answers, failedTries: 0 };
      this.messages.push(this.contactDetailsQuestion());
      return this.result();
    }
    if (answers.category !== 'detractor') return this.close(answers.category);
    this.messages.push(this.write.say('detractorThanks'));
    if (this.survey.reward.reviewUrl && this.survey.reward.reviewAudience === 'everyone') {
      this.messages.push(this.write.offer({ kind: 'review', url: this.survey.reward.reviewUrl }));
    }
    return this.end('completed');
  }

  private contactDetailsQuestion(): DialogMessage {
    return this.write.say('contactDetailsQuestion', {}, 'text');
  }

  private contactDetails(state: StateAt<'contactDetails'>, text: string): Transition {
    const contact = readContactDetails(text);
    if (contact !== undefined) return this.openFollowUp(contact);
    const failedTries = state.failedTries + 1;
    this.next = { ...state, failedTries };
    // They asked to be contacted: after the last try the reply comes here, in the chat.
    if (failedTries >= MAX_FAILED_TRIES) return this.openFollowUp(null);
    this.messages.push(this.write.reprompt('contactDetailsInvalid', this.contactDetailsQuestion()));
    return this.result();
  }

  /** The person asked to be contacted: the follow-up opens in this turn, and the promise says how. */
  private openFollowUp(contact: ContactDetails | null): Transition {
    this.next = { ...this.next, reachAt: contact };
    this.effects.push({ type: 'raiseEscalation' }, { type: 'openFollowUp', consented: true, contact });
    const hours = this.survey.escalation.promiseHours;
    this.messages.push(promise(this.write, contact, this.context.anonymous === true, hours));
    return this.end('completed');
  }

  /** Words written while a follow-up is open join its thread; the bot says so once. */
  private followUpReply(
    state: StateAt<'followUp'>,
    input: Extract<DialogInput, { kind: 'text' | 'choice' }>,
  ): Transition {
    if (input.kind === 'choice') {
      // A button left over from the survey's questions: the survey itself is over.
      this.messages.push(this.write.say('alreadyDone'));
      return this.result();
    }
    const text = cutToTextLimit(input.text).trim();
    if (!text) return this.result();
    this.effects.push({ type: 'followUpReply', text });
    if (!state.followUpAcknowledged) {
      this.next = { ...state, followUpAcknowledged: true };
      this.messages.push(this.write.say(state.answers.contact ? 'followUpAcknowledged' : 'followUpPassedOn'));
    }
    return this.result();
  }

  private thankPromoter(code: string | null, exhausted: boolean): Transition {
    const { reviewUrl, referralUrl } = this.survey.reward;
    const { answers } = this.next;
    this.messages.push(this.write.say('promoterThanks'));
    if (code) this.messages.push(this.write.offer({ kind: 'reward', code }));
    else if (exhausted) this.messages.push(this.write.say('rewardExhausted'));
    if (reviewUrl) this.messages.push(this.write.offer({ kind: 'review', url: reviewUrl }));
    if (referralUrl) this.messages.push(this.write.offer({ kind: 'referral', url: referralUrl }));
    return this.end('completed', undefined, answers.score === null ? answers : { ...answers, reward: code });
  }

  private optOut(): Transition {
    this.effects.push({ type: 'optOut' });
    return this.end('opted_out', 'optedOut');
  }

  private restart(startedBy: 'user' | 'bot', announce: boolean): Transition {
    const fresh = newConversation(this.survey, this.context, startedBy);
    const previous = this.next;
    // "restart" re-asks within the same response: the earlier answer stands (and is counted)
    // until a new score replaces it, so the response log and its rollups never disagree.
    this.next = {
      ...fresh,
      userName: previous.userName,
      startedAt: previous.startedAt,
      answers: previous.answers,
      answeredAt: previous.answeredAt,
      completedAt: previous.completedAt,
      // One reminder per conversation, however often it is restarted.
      reminderSent: previous.reminderSent,
    };
    if (announce) this.messages.push(this.write.say('restarted'));
    else this.messages.push(this.write.greeting(this.next.userName));
    this.messages.push(this.write.scoreQuestion());
    return this.result();
  }

  private remind(): Transition {
    const due = this.next.step === 'score' && this.next.startedBy === 'bot' && !this.next.reminderSent;
    if (!due) return this.result();
    this.next.reminderSent = true;
    this.messages.push(this.write.say('reminder'), this.write.scoreQuestion());
    return this.result();
  }

  private expire(): Transition {
    if (this.next.step === 'done' || this.next.step === 'followUp') return this.result();
    // A person who scored still counts: expiry only closes the conversation.
    return this.end('expired');
  }

  private end(ending: Ending, farewell?: 'gaveUp' | 'declined' | 'optedOut', answers = this.next.answers): Transition {
    if (farewell) this.messages.push(this.write.say(farewell));
    const completedAt = ending === 'completed' ? this.context.now : this.next.completedAt;
    this.next = { ...this.next, step: 'done', ending, failedTries: 0, completedAt, answers };
    if (ending !== 'completed') return this.result();
    this.effects.push({ type: 'complete', ending });
    if (answers.score === null) return this.result();
    const opening = (effect: DialogEffect) => effect.type === 'openFollowUp';
    if (!this.effects.some(opening) && opensWithoutConsent(this.survey, answers.score)) {
      this.effects.push({ type: 'openFollowUp', consented: false, contact: null });
    }
    // With a follow-up open, the conversation goes on: what the person writes joins its thread.
    if (this.effects.some(opening)) {
      const answeredAt = this.next.answeredAt ?? this.context.now;
      this.next = { ...this.next, step: 'followUp', ending, answers, answeredAt, followUpAcknowledged: false };
    }
    return this.result();
  }

  private currentQuestion(): DialogMessage | undefined {
    const state = this.next;
    switch (state.step) {
      case 'score':
        return this.write.scoreQuestion();
      case 'reason':
        return this.write.reasonQuestion(state.answers.category);
      case 'area':
        return this.write.areaQuestion();
      case 'contact':
        return this.write.contactQuestion();
      case 'contactDetails':
        return this.contactDetailsQuestion();
      default:
        return undefined;
    }
  }
}

function scored(score: number, category: Category, reward: string | null): ScoredAnswers {
  return { score, category, reason: null, area: null, contact: null, reward };
}

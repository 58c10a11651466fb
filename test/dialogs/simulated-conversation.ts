/**
 * Drives the pure dialog the way the engine does — startSurvey, then one transition per
 * input — with a simulated clock. Every state handed to `transition` is deep-frozen, so a
 * transition that mutated its input would throw, and each turn is run twice to show the
 * same input gives the same output.
 */
import { expect } from 'vitest';
import {
  type ConversationState,
  type DialogInput,
  type Locale,
  type Survey,
  startSurvey,
  type Transition,
  transition,
} from '../../dialogs/index.js';
import { testSurvey } from '../support/survey.js';

export const HOUR = 3_600_000;

/** Time as an argument: tests move it forward explicitly, nothing reads the wall clock. */
export class SimulatedClock {
  now = Date.parse('2026-03-02T09:00:00Z');
  advanceHours(hours: number): void {
    this.now += hours * HOUR;
  }
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export interface ConversationOptions {
  survey?: Survey;
  locale?: Locale;
  userName?: string | null;
  startedBy?: 'user' | 'bot';
  /** An anonymous web visitor: the bot cannot reach them outside the chat. */
  anonymous?: boolean;
}

export function simulateConversation(options: ConversationOptions = {}) {
  const survey = options.survey ?? testSurvey();
  const clock = new SimulatedClock();
  const context = {
    locale: options.locale ?? survey.defaultLocale,
    userName: options.userName ?? null,
    anonymous: options.anonymous ?? false,
  };
  const start = startSurvey(survey, { ...context, now: clock.now }, options.startedBy ?? 'user');
  let state: ConversationState = deepFreeze(start.state);

  const send = (input: DialogInput): Transition => {
    const before = structuredClone(state);
    const turn = { ...context, now: clock.now };
    const result = transition(state, input, survey, turn);
    expect(state, 'the input state is unchanged').toEqual(before);
    expect(transition(state, input, survey, turn), 'the same turn gives the same result').toEqual(result);
    state = deepFreeze(result.state);
    return result;
  };

  return {
    survey,
    clock,
    context,
    start,
    get state(): ConversationState {
      return state;
    },
    send,
    say: (text: string) => send({ kind: 'text', text }),
    press: (value: string | number) => send({ kind: 'choice', value }),
  };
}

export const keys = (result: Transition) => result.messages.map((message) => message.key);
export const texts = (result: Transition) => result.messages.map((message) => message.text);

/**
 * Every question a survey at the survey file's limits can ask renders as something Slack and
 * Teams accept: Block Kit within Slack's documented limits, and Adaptive Cards that Microsoft's
 * own `adaptivecards` SDK parses and validates without a warning under Teams' six actions per set.
 */
import { createRequire } from 'node:module';
import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { renderAnswered as renderSlackAnswered, renderTurn as renderSlackTurn } from '../adapters/slack/blocks.js';
import { renderAnswered as renderTeamsAnswered, renderTurn as renderTeamsTurn } from '../adapters/teams/cards.js';
import { type Locale, startSurvey, transition } from '../dialogs/index.js';
import { askedIn } from '../src/engine/open-questions.js';
import type { OutboundMessage, SettledQuestion } from '../src/engine/types.js';
import { testSurvey } from './support/survey.js';

interface ParseContext {
  eventCount: number;
  getEventAt(index: number): { message: string };
}
interface AdaptiveCardsSdk {
  AdaptiveCard: new () => {
    hostConfig: unknown;
    parse(json: unknown, context: ParseContext): void;
    validateProperties(): { validationEvents: { message: string }[] };
  };
  SerializationContext: new () => ParseContext;
  HostConfig: new (json: unknown) => unknown;
}
// The SDK's ES module build does not load in Node; its UMD bundle does.
const sdk = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsSdk;

/** The survey at every limit the survey file allows. */
const widest = testSurvey({
  brand: 'B'.repeat(200),
  detractorAreas: Array.from({ length: 25 }, (_, i) => ({
    id: `${'a'.repeat(60)}-${String(i).padStart(2, '0')}`,
    label: { en: `${i} ${'x'.repeat(72)}`, 'zh-CN': '区'.repeat(75), 'zh-TW': '區'.repeat(75) },
  })),
});

/** Each turn of a detractor's conversation, in a locale, with a re-ask and "help" (words before a card). */
function turns(locale: Locale): OutboundMessage[][] {
  const context = { now: Date.parse('2026-03-02T09:00:00Z'), locale, userName: 'N'.repeat(100) };
  let step = startSurvey(widest, context, 'bot');
  const shown = [step.messages];
  const inputs = [
    { kind: 'text', text: '7 or 8' },
    { kind: 'text', text: 'help' },
    { kind: 'text', text: '3' },
    { kind: 'text', text: 'The app logged me out' },
    { kind: 'choice', value: `${'a'.repeat(60)}-07` },
  ] as const;
  for (const input of inputs) {
    step = transition(step.state, input, widest, context);
    shown.push(step.messages);
  }
  let id = 1;
  return shown.map((messages) => messages.map((message) => ({ ...message, id: `m${++id}` })));
}

/** Each question card of a turn once answered with its first choice, as the engine settles it. */
function answeredForms(turn: OutboundMessage[]): SettledQuestion[] {
  return askedIn(turn).map(({ id, text, before }) => {
    const label = turn.find((message) => message.id === id)?.choices?.[0]?.label ?? null;
    return { id, question: text, before, answer: label };
  });
}

const LOCALE_CASES: Locale[] = ['en', 'zh-CN', 'zh-TW'];

describe('Slack Block Kit limits', () => {
  function checkBlocks(blocks: KnownBlock[]): void {
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const block of blocks) {
      if (block.type === 'section') expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
      if (block.type === 'context') expect(block.elements.length).toBeLessThanOrEqual(10);
      if (block.type === 'actions') {
        expect(block.elements.length).toBeLessThanOrEqual(25);
        expect(block.block_id?.length ?? 0).toBeLessThanOrEqual(255);
        const ids = block.elements.map((element) => ('action_id' in element ? element.action_id : undefined));
        expect(new Set(ids).size).toBe(ids.length);
        for (const element of block.elements) {
          if (element.type !== 'button') continue;
          expect(element.text.text.length).toBeLessThanOrEqual(75);
          expect(element.action_id?.length ?? 0).toBeLessThanOrEqual(255);
          expect(element.value?.length ?? 0).toBeLessThanOrEqual(2000);
        }
      }
    }
  }

  it.each(LOCALE_CASES)('every turn in %s as its posts, and each question in its answered form', (locale) => {
    const all = turns(locale);
    const asked = all.flat().filter((message) => message.choices);
    expect(asked.map((message) => message.choices?.length)).toEqual([11, 11, 11, 25, 2]);
    for (const turn of all) {
      const posts = renderSlackTurn(turn);
      // A turn is one post: its words and its question together.
      expect(posts).toHaveLength(1);
      for (const { message } of posts) {
        expect(message.text.length).toBeLessThanOrEqual(40_000);
        checkBlocks(message.blocks ?? []);
      }
      for (const answered of answeredForms(turn)) checkBlocks(renderSlackAnswered(answered).blocks ?? []);
    }
  });

  it('splits a turn whose words would take more than 50 blocks, keeping the question and its buttons whole', () => {
    const [first] = turns('en');
    const question = first?.at(-1);
    if (!question) throw new Error('the first turn asks the score');
    const words = Array.from(
      { length: 60 },
      (_, i): OutboundMessage => ({ key: 'help', id: `w${i}`, text: `line ${i}`, expects: 'none' }),
    );
    const posts = renderSlackTurn([...words, question]);
    expect(posts.map((post) => post.questions)).toEqual([[], [question.id]]);
    for (const { message } of posts) checkBlocks(message.blocks ?? []);
    const lines = posts.flatMap(({ message }) => message.text.split('\n\n')).filter((line) => line.startsWith('line '));
    expect(lines).toEqual(words.map((word) => word.text));
  });
});

describe('Teams Adaptive Cards, checked by the adaptivecards SDK', () => {
  const teamsHost = new sdk.HostConfig({ actions: { maxActions: 6 }, supportsInteractivity: true });

  function problems(card: unknown): string[] {
    const parsed = new sdk.AdaptiveCard();
    parsed.hostConfig = teamsHost;
    const context = new sdk.SerializationContext();
    parsed.parse(card, context);
    const events = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
    return [...events, ...parsed.validateProperties().validationEvents.map((event) => event.message)];
  }

  it('refuses a card it does not understand, so the check below means something', () => {
    expect(problems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Buton', title: 'x' }] })).not.toEqual([]);
  });

  it.each(LOCALE_CASES)(
    'every question in %s, and its answered form: no warning, a summary, six actions a set at most',
    (locale) => {
      for (const turn of turns(locale)) {
        const rendered = renderTeamsTurn(turn).map(({ activity }) => activity);
        // One activity per turn: the greeting (or "help") is the card's first line.
        expect(rendered).toHaveLength(1);
        const activities = [...rendered, ...answeredForms(turn).map(renderTeamsAnswered)];
        for (const activity of activities) {
          for (const attachment of activity.attachments ?? []) {
            expect(problems(attachment.content)).toEqual([]);
            expect(attachment.content.fallbackText.length).toBeGreaterThan(0);
            expect(activity.summary).toBe(attachment.content.fallbackText);
            for (const element of attachment.content.body) {
              if (element.type === 'ActionSet') expect(element.actions.length).toBeLessThanOrEqual(6);
            }
          }
        }
      }
    },
  );
});

/**
 * The terminal channel on the real engine and the memory store: whole conversations typed
 * line by line, what is printed, and what the engine recorded.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runTerminalSession } from '../../../adapters/terminal/index.js';
import { MAX_TEXT_LENGTH } from '../../../dialogs/index.js';
import { Engine } from '../../../src/engine/engine.js';
import { MemoryStore } from '../../../src/store/memory.js';
import { testSurvey } from '../../support/survey.js';

async function* typed(lines: string[]): AsyncIterable<string> {
  yield* lines;
}

async function run(lines: string[], options: { locale?: string; userName?: string; codes?: string[] } = {}) {
  const demo = testSurvey();
  const survey = options.codes ? testSurvey({ reward: { ...demo.reward, codes: options.codes } }) : demo;
  const store = new MemoryStore();
  await store.addRewardCodes(survey.id, survey.reward.codes);
  const engine = new Engine({ store, survey, newId: randomUUID });
  const printed: string[] = [];
  const key = { channel: 'terminal' as const, user: 'terminal-user', conversation: randomUUID() };
  const outcome = await runTerminalSession({
    engine,
    user: key.user,
    conversation: key.conversation,
    userName: options.userName ?? null,
    locale: options.locale ?? null,
    lines: typed(lines),
    write: (line) => printed.push(line),
    echo: true,
  });
  return { outcome, printed, store, engine, key };
}

describe('terminal session', () => {
  it('cuts a line over the text limit: refused as a score, kept cut as the reason', async () => {
    const long = `10 ${'it just works, '.repeat(300)}`;
    const { printed, store } = await run([long, '9', long]);
    expect(printed).toContain(
      'bot: That message is too long to read a score from. Please answer with one whole number from 0 to 10.',
    );
    const scored = store.pendingEvents().find((event) => event.type === 'response.scored');
    expect(scored?.data).toMatchObject({ score: 9 });
    const completed = store.pendingEvents().find((event) => event.type === 'response.completed');
    expect(completed?.data).toMatchObject({ score: 9, reason: long.slice(0, MAX_TEXT_LENGTH).trim() });
  });

  it('takes a detractor through area and contact by number, and raises the escalation', async () => {
    const { outcome, printed, store, engine, key } = await run(['2', 'Billing was wrong twice', '3', '1']);
    expect(outcome).toBe('done');
    expect(printed).toContain('you: 3');
    expect(printed).toContain('     3) Price');
    expect(printed.at(-1)).toBe('bot: Thank you. Someone from our team will reply to you here within 24 hours.');
    expect(store.pendingEvents().map((event) => event.type)).toEqual([
      'response.scored',
      'escalation.raised',
      'response.completed',
      'followup.opened',
    ]);
    expect(store.pendingEvents()[2]?.data).toMatchObject({
      channel: 'terminal',
      score: 2,
      category: 'detractor',
      reason: 'Billing was wrong twice',
      area: 'price',
      contact: true,
      status: 'completed',
    });
    // The engine's transcript shows the labels the person picked, not the values.
    const said = (await engine.transcript(key))?.flatMap((entry) => (entry.from === 'user' ? [entry.text] : []));
    expect(said).toEqual(['2', 'Billing was wrong twice', 'Price', 'Yes']);
  });

  it('gives a promoter a code from the pool and the links', async () => {
    const { printed } = await run(['10', 'skip'], { codes: ['ONLY-CODE'] });
    expect(printed.slice(-4)).toEqual([
      'bot: Thank you for being a fan of Acme!',
      'bot: As a thank-you, here is your reward code: ONLY-CODE',
      'bot: If you have a minute, a review helps others find us: https://reviews.example.com/acme',
      'bot: Know someone who would like Acme? Share your referral link: https://acme.example.com/refer',
    ]);
  });

  it('speaks the chosen locale and greets by name', async () => {
    const { printed } = await run(['七分', '更快一点'], { locale: 'zh-TW', userName: '小華' });
    expect(printed.slice(0, 2)).toEqual(['bot: 小華，您好！', 'bot: 您有多大可能向朋友或同事推薦Acme？']);
    expect(printed.at(-1)).toBe('bot: 感謝您的回饋！我們的團隊會閱讀每一則回答，並據此決定下一步改進什麼。');
  });

  it('does not count empty lines as wrong answers, and stops at the end of input', async () => {
    const { outcome, printed, store } = await run(['', '  ', 'great!', '', 'ok']);
    expect(outcome).toBe('eof');
    expect(printed.filter((line) => line.startsWith('bot: Sorry'))).toHaveLength(2);
    expect(printed.some((line) => line.startsWith("bot: No problem, let's leave it there"))).toBe(false);
    expect(store.pendingEvents()).toEqual([]);
  });
});

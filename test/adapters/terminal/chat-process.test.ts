/**
 * `npm run chat` as a process: a whole conversation piped into stdin comes out as a
 * transcript on stdout, and the process ends when the conversation does.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// tsx's own entry point run by this Node, as `npm run chat` does, without npm's noise on stderr.
const tsx = createRequire(import.meta.url).resolve('tsx/cli');

function chat(input: string, args: string[] = [], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [tsx, 'src/chat.ts', ...args], {
    input,
    env: { LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('npm run chat with piped input', () => {
  it('replays a whole detractor conversation as a transcript', () => {
    const run = chat('3\nNobody answered my ticket for two days\n2\nyes\nanything else?\n', ['--name', 'Ada']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [
        'bot: Hi Ada!',
        'bot: How likely are you to recommend Acme to a friend or colleague?',
        '     0 = Not at all likely … 10 = Extremely likely',
        '     [0] [1] [2] [3] [4] [5] [6] [7] [8] [9] [10]',
        'you: 3',
        'bot: We\'re sorry to hear that. What went wrong? (Type "skip" to skip this question.)',
        'you: Nobody answered my ticket for two days',
        'bot: Which area caused the problem?',
        '     1) Product',
        '     2) Service',
        '     3) Price',
        '     4) Reliability',
        '     5) Something else',
        'you: 2',
        'bot: Would you like someone from Acme to contact you about this?',
        '     1) Yes',
        '     2) No',
        'you: yes',
        'bot: Thank you. Someone from our team will reply to you here within 24 hours.',
        '',
      ].join('\n'),
    );
  });

  it('honours NPSBOT_SURVEY and --locale, and refuses an unknown locale', () => {
    const run = chat('8\n跳過\n', ['--locale', 'zh-TW'], { NPSBOT_SURVEY: 'examples/survey.yaml' });
    expect(run.status).toBe(0);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('bot: 謝謝！我們的產品團隊每週五都會閱讀每一則回答。');

    const refused = chat('', ['--locale', 'fr']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe('npsbot chat: --locale must be one of en, zh-CN, zh-TW (got "fr")\n');
  });
});

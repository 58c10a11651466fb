/**
 * `npm run chat [-- --locale en|zh-CN|zh-TW] [--name Ada]`: takes the survey in this terminal
 * with the real engine and an in-memory store. Reads NPSBOT_SURVEY like the server does.
 * Works with piped input, so a whole conversation can be replayed from a file.
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { runTerminalSession, YOU_PREFIX } from '../adapters/terminal/index.js';
import { isLocale, LOCALES, type Locale } from '../dialogs/index.js';
import { ConfigError, loadConfigFromEnvironment } from './config.js';
import { Engine } from './engine/engine.js';
import { MemoryStore } from './store/memory.js';
import { loadSurvey, SurveyFileError } from './survey-file.js';

const USAGE = `usage: npm run chat -- [--locale ${LOCALES.join('|')}] [--name NAME]`;

class UsageError extends Error {}

function readArguments(argv: string[]): { locale: Locale | undefined; name: string | undefined } {
  let values: { locale?: string | undefined; name?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { locale: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) throw new UsageError(USAGE);
  if (values.locale !== undefined && !isLocale(values.locale)) {
    throw new UsageError(`--locale must be one of ${LOCALES.join(', ')} (got "${values.locale}")`);
  }
  return { locale: values.locale as Locale | undefined, name: values.name?.trim() || undefined };
}

async function chat(): Promise<void> {
  const { locale, name } = readArguments(process.argv.slice(2));
  const config = loadConfigFromEnvironment();
  const survey = loadSurvey(config.surveyPath);
  const store = new MemoryStore();
  await store.addRewardCodes(survey.id, survey.reward.codes);
  const engine = new Engine({ store, survey, newId: randomUUID });

  // A person at a keyboard sees what they type; piped input is echoed so the output is a transcript.
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const lines = createInterface({
    input: process.stdin,
    ...(interactive ? { output: process.stdout, terminal: true } : { terminal: false }),
  });
  lines.setPrompt(YOU_PREFIX);
  if (interactive)
    process.stdout.write(`Survey "${survey.id}" for ${survey.brand}. Type "help" for help; Ctrl-D leaves.\n`);

  await runTerminalSession({
    engine,
    user: 'terminal-user',
    conversation: randomUUID(),
    userName: name ?? null,
    locale: locale ?? null,
    lines,
    write: (line) => process.stdout.write(`${line}\n`),
    echo: !interactive,
    ...(interactive ? { prompt: () => lines.prompt() } : {}),
  });
  lines.close();
  await store.close();
}

chat().catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof SurveyFileError) {
    process.stderr.write(`npsbot chat: ${error.message}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
    return;
  }
  process.stderr.write(`npsbot chat: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});

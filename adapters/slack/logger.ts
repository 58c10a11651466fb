/**
 * Bolt and the Web API client log through their own `Logger` interface; this hands their lines
 * to the process's pino logger so every log line has one format and one level setting.
 */
import { type Logger as SlackLogger, LogLevel } from '@slack/bolt';
import type { Logger } from 'pino';

const PINO_LEVEL: Readonly<Record<LogLevel, 'error' | 'warn' | 'info' | 'debug'>> = {
  [LogLevel.ERROR]: 'error',
  [LogLevel.WARN]: 'warn',
  [LogLevel.INFO]: 'info',
  [LogLevel.DEBUG]: 'debug',
};

export function slackLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: 'slack' });
  const write =
    (level: 'error' | 'warn' | 'info' | 'debug') =>
    (...parts: unknown[]) =>
      child[level](parts.map((part) => (typeof part === 'string' ? part : String(part))).join(' '));
  return {
    error: write('error'),
    warn: write('warn'),
    // Bolt and the client are chatty at info (every rate limit, every socket ping); ours is debug.
    info: write('debug'),
    debug: write('debug'),
    // The level is pino's, set once from LOG_LEVEL; Bolt asking to change it is ignored on purpose.
    setLevel: () => {},
    getLevel: () =>
      (Object.keys(PINO_LEVEL) as LogLevel[]).find((level) => PINO_LEVEL[level] === child.level) ?? LogLevel.INFO,
    setName: () => {},
  };
}

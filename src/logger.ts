/**
 * The process's logger: readable lines for a person at a terminal (pino-pretty), one JSON
 * object per line otherwise, for log collectors. The same fields either way. Lines for a
 * collector go through `nonBlockingLines` (log-output.ts): a pipe nobody reads must never stop
 * the bot, nor its shutdown.
 */
import pino, { type Logger } from 'pino';
import { nonBlockingLines } from './log-output.js';

export function createLogger(level: string, toTerminal: boolean): Logger {
  if (!toTerminal) return pino({ level }, nonBlockingLines(process.stdout));
  return pino({
    level,
    transport: {
      target: 'pino-pretty',
      options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
    },
  });
}

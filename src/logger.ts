/**
 * The process's logger: readable lines for a person at a terminal (pino-pretty), one JSON
 * object per line otherwise, for log collectors. The same fields either way.
 */
import pino, { type Logger } from 'pino';

export function createLogger(level: string, toTerminal: boolean): Logger {
  if (!toTerminal) return pino({ level });
  return pino({
    level,
    transport: {
      target: 'pino-pretty',
      options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
    },
  });
}

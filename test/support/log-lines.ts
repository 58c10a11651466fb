/** A real pino logger whose lines the test reads back, parsed, by level. */
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface CapturedLog {
  logger: Logger;
  lines: LogLine[];
  /** Lines at warn (40) and above. */
  warnings(): LogLine[];
  errors(): LogLine[];
}

export function capturedLog(): CapturedLog {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return {
    logger: pino({ level: 'debug' }, sink),
    lines,
    warnings: () => lines.filter((line) => line.level >= 40),
    errors: () => lines.filter((line) => line.level >= 50),
  };
}

/**
 * Where log lines go when no person reads them at a terminal: standard output, written so the
 * process never waits on it. On Linux a pipe is written asynchronously (Node queues what the
 * reader has not taken yet), so the two ways a pipe fails are handled here:
 *
 * - its reader is gone (a supervisor or `| tee` that died): the write fails with EPIPE; writing
 *   stops for good instead of an unhandled 'error' or a line retried for ever;
 * - its reader stopped reading (a stalled collector): once `maxPendingBytes` wait in the queue,
 *   new lines are dropped and counted, and the count is logged when the reader catches up,
 *   instead of memory growing without bound.
 *
 * pino's own destination writes synchronously and retries a full pipe in a loop, which blocked
 * the whole process, SIGTERM handler and shutdown deadline included (issue: a bot that never stopped).
 */
import type { Writable } from 'node:stream';

/** About 20,000 log lines: enough to ride out a slow reader, small enough not to matter. */
const MAX_PENDING_BYTES = 4 * 1024 * 1024;

export interface LogOutput {
  write(line: string): void;
  /** Lines not written because the reader was not keeping up or was gone. */
  readonly dropped: number;
  /** The reader went away; nothing is written any more. */
  readonly broken: boolean;
}

export function nonBlockingLines(stream: Writable, maxPendingBytes = MAX_PENDING_BYTES): LogOutput {
  let broken = false;
  let dropped = 0;
  let droppedSinceReported = 0;
  // One listener for every failed write: without it, EPIPE on stdout is an uncaught exception.
  stream.on('error', () => {
    broken = true;
  });
  return {
    write(line: string) {
      if (broken || stream.destroyed) {
        dropped += 1;
        return;
      }
      if (stream.writableLength > maxPendingBytes) {
        dropped += 1;
        droppedSinceReported += 1;
        return;
      }
      if (droppedSinceReported > 0) {
        stream.write(`${droppedLine(droppedSinceReported)}\n`);
        droppedSinceReported = 0;
      }
      stream.write(line);
    },
    get dropped() {
      return dropped;
    },
    get broken() {
      return broken;
    },
  };
}

/** One JSON line in pino's shape, so a collector files it with the others. */
function droppedLine(count: number): string {
  return JSON.stringify({
    level: 40,
    time: Date.now(),
    msg: `${count} log lines were dropped: standard output was not being read`,
  });
}

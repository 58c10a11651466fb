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
 * Lines logged while the process is busy are gathered and written together once it turns to
 * its next round of I/O: one write for the lines of many requests, not one each (a write to a
 * pipe is a system call, and was the largest cost of a logged request after the turn itself;
 * docs/performance.md). Whatever is gathered is also written when the process exits.
 *
 * pino's own destination writes synchronously and retries a full pipe in a loop, which blocked
 * the whole process, SIGTERM handler and shutdown deadline included (issue: a bot that never stopped).
 */
import type { Writable } from 'node:stream';

/** About 20,000 log lines: enough to ride out a slow reader, small enough not to matter. */
const MAX_PENDING_BYTES = 4 * 1024 * 1024;

export interface LogOutput {
  write(line: string): void;
  /** Writes the lines gathered so far now, instead of at the next round of I/O. */
  flush(): void;
  /** Lines not written because the reader was not keeping up or was gone. */
  readonly dropped: number;
  /** The reader went away; nothing is written any more. */
  readonly broken: boolean;
}

/** Every output with lines still gathered, so that one exit hook writes them all. */
const gathering = new Set<LogOutput>();
let exitHooked = false;

function flushOnExit(output: LogOutput): void {
  gathering.add(output);
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const pending of gathering) pending.flush();
  });
}

export function nonBlockingLines(stream: Writable, maxPendingBytes = MAX_PENDING_BYTES): LogOutput {
  let broken = false;
  let dropped = 0;
  let droppedSinceReported = 0;
  let gathered: string[] = [];
  let gatheredBytes = 0;
  // One listener for every failed write: without it, EPIPE on stdout is an uncaught exception.
  stream.on('error', () => {
    broken = true;
  });
  const gone = () => broken || stream.destroyed;

  const output: LogOutput = {
    write(line: string) {
      if (gone()) {
        dropped += 1;
        return;
      }
      if (stream.writableLength + gatheredBytes > maxPendingBytes) {
        dropped += 1;
        droppedSinceReported += 1;
        return;
      }
      if (droppedSinceReported > 0) {
        gather(`${droppedLine(droppedSinceReported)}\n`);
        droppedSinceReported = 0;
      }
      gather(line);
    },
    flush() {
      gathering.delete(output);
      if (gathered.length === 0) return;
      const lines = gathered;
      gathered = [];
      gatheredBytes = 0;
      if (gone()) {
        dropped += lines.length;
        return;
      }
      stream.write(lines.join(''));
    },
    get dropped() {
      return dropped;
    },
    get broken() {
      return broken;
    },
  };

  function gather(line: string): void {
    if (gathered.length === 0) {
      setImmediate(output.flush);
      flushOnExit(output);
    }
    gathered.push(line);
    gatheredBytes += line.length;
  }

  return output;
}

/** One JSON line in pino's shape, so a collector files it with the others. */
function droppedLine(count: number): string {
  return JSON.stringify({
    level: 40,
    time: Date.now(),
    msg: `${count} log lines were dropped: standard output was not being read`,
  });
}

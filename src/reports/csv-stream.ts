/**
 * Writes the CSV export to the HTTP response as the log is read, waiting whenever the
 * client reads slower than the store answers, and stopping when the client goes away.
 */
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { SurveyResponse } from '../engine/types.js';
import { csvHeader, csvRow, LOOKAHEAD_ROWS, propertyColumns } from './csv.js';
import { MISSING_TRAILER } from './missing.js';

const CHUNK_BYTES = 64 * 1024;

/** Resolves when the response can take more, or has closed (then writing stops). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

const gone = (res: ServerResponse) => res.destroyed || res.writableEnded;

/** Collects rows into chunks of about 64 KB and writes them, waiting while the client catches up. */
class ChunkedWriter {
  private chunk = '';
  rows = 0;

  constructor(private readonly res: ServerResponse) {}

  async add(text: string): Promise<void> {
    this.chunk += text;
    if (this.chunk.length >= CHUNK_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.res.write(this.chunk)) await drained(this.res);
    this.chunk = '';
  }
}

/** Takes up to `count` rows off the front, and the first one after them. */
async function readAhead(rows: AsyncGenerator<SurveyResponse>, count: number) {
  const taken: SurveyResponse[] = [];
  let next = await rows.next();
  while (!next.done && taken.length < count) {
    taken.push(next.value);
    next = await rows.next();
  }
  return { taken, next };
}

export async function streamCsv(
  res: ServerResponse,
  rows: AsyncGenerator<SurveyResponse>,
  options: { segments: readonly string[]; filename: string; logger: Logger; missing?: () => number },
): Promise<number> {
  const writer = new ChunkedWriter(res);
  try {
    // The first rows decide the property columns; they are held until the header is out.
    const ahead = await readAhead(rows, LOOKAHEAD_ROWS);
    let next = ahead.next;
    const properties = propertyColumns(options.segments, ahead.taken);
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${options.filename}"`,
      'Cache-Control': 'no-store',
      // Rows the log names but whose records are gone are counted in a trailer: a comment line is not CSV.
      Trailer: MISSING_TRAILER,
    });
    await writer.add(`\uFEFF${csvHeader(properties)}`);
    const write = async (response: SurveyResponse) => {
      await writer.add(csvRow(response, properties));
      writer.rows += 1;
    };
    for (const response of ahead.taken.splice(0)) await write(response);
    for (; !next.done && !gone(res); next = await rows.next()) await write(next.value);
    if (!gone(res)) {
      await writer.flush();
      res.addTrailers({ [MISSING_TRAILER]: String(options.missing?.() ?? 0) });
      res.end();
    }
    return writer.rows;
  } catch (error) {
    options.logger.error({ err: error, rows: writer.rows }, 'CSV export failed part-way');
    // Headers may be out already: cutting the connection tells the client the file is incomplete.
    if (!res.headersSent) throw error;
    res.destroy(error as Error);
    return writer.rows;
  } finally {
    await rows.return(undefined);
  }
}

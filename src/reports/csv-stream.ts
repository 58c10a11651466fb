/**
 * Writes the CSV export to the HTTP response as the log is read, waiting whenever the
 * client reads slower than the store answers, and stopping when the client goes away.
 */
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { SurveyResponse } from '../engine/types.js';
import { csvHeader, csvRow, LOOKAHEAD_ROWS, propertyColumns } from './csv.js';

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

export async function streamCsv(
  res: ServerResponse,
  rows: AsyncGenerator<SurveyResponse>,
  options: { segments: readonly string[]; filename: string; logger: Logger },
): Promise<number> {
  let written = 0;
  try {
    // The first rows decide the property columns; they are held until the header is out.
    const lookahead: SurveyResponse[] = [];
    let next = await rows.next();
    while (!next.done && lookahead.length < LOOKAHEAD_ROWS) {
      lookahead.push(next.value);
      next = await rows.next();
    }
    const properties = propertyColumns(options.segments, lookahead);
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${options.filename}"`,
      'Cache-Control': 'no-store',
    });
    let chunk = `\uFEFF${csvHeader(properties)}`;
    const flush = async () => {
      if (!res.write(chunk)) await drained(res);
      chunk = '';
    };
    const add = async (response: SurveyResponse) => {
      chunk += csvRow(response, properties);
      written += 1;
      if (chunk.length >= CHUNK_BYTES) await flush();
    };
    for (const response of lookahead) await add(response);
    lookahead.length = 0;
    while (!next.done && !gone(res)) {
      await add(next.value);
      next = await rows.next();
    }
    if (!gone(res)) {
      await flush();
      res.end();
    }
    return written;
  } catch (error) {
    options.logger.error({ err: error, rows: written }, 'CSV export failed part-way');
    // Headers may be out already: cutting the connection tells the client the file is incomplete.
    if (res.headersSent) res.destroy(error as Error);
    else throw error;
    return written;
  } finally {
    await rows.return(undefined);
  }
}

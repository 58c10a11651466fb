/**
 * The response log as an operator reads it: pages of `Response`s with an opaque cursor,
 * filtered like the reports. Channel, touchpoint and segment are checked on each response
 * read, so a page scans a bounded stretch of the log and may come back short with a `next`.
 */
import { z } from 'zod';
import type { SurveyResponse } from '../engine/types.js';
import { RequestError } from '../http/errors.js';
import { isPast } from '../store/response-log.js';
import type { ConversationStore, LogPosition } from '../store/types.js';
import type { ReportFilter } from './filters.js';

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;
/** How much of the log one request may read looking for matches of a narrow filter. */
export const MAX_SCAN = 5000;
const STORE_PAGE = 500;

export type Order = 'asc' | 'desc';

const cursorSchema = z.strictObject({
  at: z.number().int(),
  id: z.string().min(1).max(200),
  o: z.enum(['asc', 'desc']),
});

export function encodeCursor(position: LogPosition, order: Order): string {
  return Buffer.from(JSON.stringify({ at: position.at, id: position.id, o: order })).toString('base64url');
}

/** A cursor is only good for the order it was made in: reading backwards from it would skip or repeat. */
export function decodeCursor(cursor: string, order: Order): LogPosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = null;
  }
  const parsed = cursorSchema.safeParse(value);
  if (!parsed.success) throw new RequestError('bad_cursor', 'cursor: not a cursor from this API; start without one');
  if (parsed.data.o !== order) throw new RequestError('bad_cursor', `cursor: it was made for order=${parsed.data.o}`);
  return { at: parsed.data.at, id: parsed.data.id };
}

export const positionOf = (response: SurveyResponse): LogPosition => ({
  at: Date.parse(response.startedAt),
  id: response.id,
});

export function matchesFilter(response: SurveyResponse, filter: ReportFilter): boolean {
  if (filter.channel !== null && response.channel !== filter.channel) return false;
  if (filter.touchpoint !== null && (response.touchpoint ?? '') !== filter.touchpoint) return false;
  const own = (key: string) => (Object.hasOwn(response.properties, key) ? response.properties[key] : undefined);
  if (filter.wave !== null && own('wave') !== filter.wave) return false;
  return filter.segment === null || own(filter.segment.key) === filter.segment.value;
}

const narrows = (filter: ReportFilter) =>
  filter.channel !== null || filter.touchpoint !== null || filter.segment !== null || filter.wave !== null;

/** Told of each place the log names whose response could not be read, in reading order. */
export type OnMissing = (position: LogPosition) => void;

/**
 * Every response of the range in order, one store page at a time: memory holds one page,
 * whatever the log's size. A missing record is told to `onMissing` just before the response
 * that follows it, so a reader that stops early is told only of the gaps it passed.
 */
export async function* readLog(
  store: ConversationStore,
  surveyId: string,
  filter: ReportFilter,
  order: Order,
  after: LogPosition | null = null,
  pageSize = STORE_PAGE,
  onMissing: OnMissing = () => {},
): AsyncGenerator<SurveyResponse> {
  let position = after;
  for (;;) {
    const page = await store.listResponses(surveyId, {
      from: filter.from,
      to: filter.to,
      after: position,
      limit: pageSize,
      order,
    });
    const gaps = [...page.missing];
    for (const response of page.responses) {
      const at = positionOf(response);
      while (gaps[0] && !isPast(gaps[0], at, order)) onMissing(gaps.shift() as LogPosition);
      yield response;
    }
    for (const gap of gaps) onMissing(gap);
    if (!page.next) return;
    position = page.next;
  }
}

export interface ResponsesListing {
  responses: SurveyResponse[];
  next?: string;
  /** Responses the log names in this page's stretch whose records are gone (docs/operations.md). */
  missing: number;
}

export async function listResponsesPage(
  store: ConversationStore,
  surveyId: string,
  filter: ReportFilter,
  options: { limit: number; order: Order; cursor: string | null },
): Promise<ResponsesListing> {
  const after = options.cursor === null ? null : decodeCursor(options.cursor, options.order);
  const pageSize = narrows(filter) ? STORE_PAGE : options.limit + 1;
  const responses: SurveyResponse[] = [];
  let scanned = 0;
  let missing = 0;
  let last: LogPosition | null = null;
  const full = () => responses.length === options.limit || scanned === MAX_SCAN;
  // A gap met once the page is full lies past its cursor: the next page counts it.
  const onMissing: OnMissing = (gap) => {
    if (full()) return;
    missing += 1;
    last = gap;
  };
  const log = readLog(store, surveyId, filter, options.order, after, pageSize, onMissing);
  try {
    for await (const response of log) {
      if (full()) {
        // There is at least one more response: the page ends at the last one looked at.
        return { responses, ...(last ? { next: encodeCursor(last, options.order) } : {}), missing };
      }
      scanned += 1;
      last = positionOf(response);
      if (matchesFilter(response, filter)) responses.push(response);
    }
    return { responses, missing };
  } finally {
    await log.return(undefined);
  }
}

/**
 * The response log as CSV (RFC 4180, UTF-8 with a byte order mark so spreadsheets read
 * Chinese text), written row by row as the log is read: a million rows never sit in memory.
 * Properties become `properties.<key>` columns — the survey's segment keys plus every key seen
 * in the first rows — and any other property lands, as JSON, in a last `properties` column.
 */
import type { SurveyResponse } from '../engine/types.js';

/** The `Response` fields (docs/reports.md) in their order, `properties` aside. */
export const RESPONSE_COLUMNS = [
  'id',
  'surveyId',
  'channel',
  'user',
  'locale',
  'touchpoint',
  'score',
  'category',
  'reason',
  'area',
  'contact',
  'reward',
  'status',
  'startedAt',
  'answeredAt',
  'completedAt',
] as const satisfies readonly (keyof SurveyResponse)[];

/** How many rows are read before the header is written, to find the property keys in use. */
export const LOOKAHEAD_ROWS = 1000;
const MAX_PROPERTY_COLUMNS = 50;

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
 * apostrophe: reasons are typed by customers, and an export must not execute them.
 */
function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(cell).join(',')}\r\n`;
}

/** The property columns: the survey's segment keys first, then the others seen, in the order first seen. */
export function propertyColumns(segments: readonly string[], sample: readonly SurveyResponse[]): string[] {
  const keys = new Set(segments);
  for (const response of sample) {
    for (const key of Object.keys(response.properties)) {
      if (keys.size >= MAX_PROPERTY_COLUMNS) break;
      keys.add(key);
    }
  }
  return [...keys];
}

export function csvHeader(properties: readonly string[]): string {
  const [before, after] = [RESPONSE_COLUMNS.slice(0, 6), RESPONSE_COLUMNS.slice(6)];
  return csvLine([...before, ...properties.map((key) => `properties.${key}`), 'properties', ...after]);
}

export function csvRow(response: SurveyResponse, properties: readonly string[]): string {
  const rest = Object.entries(response.properties).filter(([key]) => !properties.includes(key));
  const cells = RESPONSE_COLUMNS.map((column) => response[column]);
  return csvLine([
    ...cells.slice(0, 6),
    ...properties.map((key) => response.properties[key] ?? null),
    rest.length > 0 ? JSON.stringify(Object.fromEntries(rest)) : null,
    ...cells.slice(6),
  ]);
}

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
 * What a spreadsheet could run as a formula: `=`, `+`, `-`, `@`, a tab or a CR at the start of
 * the cell — or right after a `,`, `;`, `|`, tab or line break (optionally after spaces), since a
 * program that splits on another separator (`;` in many locales) or by line would start a new
 * cell there. Each such character gets an apostrophe in front (`great;'=1+1`); reasons are
 * typed by customers, and an export must not execute them.
 */
const SEPARATORS = new Set([',', ';', '|', '\t', '\r', '\n']);
const FORMULA_STARTS = new Set(['=', '+', '-', '@', '\t', '\r']);

export function neutralise(text: string): string {
  let out = '';
  let cellStart = true;
  for (const char of text) {
    if (cellStart && FORMULA_STARTS.has(char)) out += "'";
    out += char;
    if (SEPARATORS.has(char)) cellStart = true;
    else if (char !== ' ') cellStart = false;
  }
  return out;
}

/** Every cell quoted (RFC 4180), so no separator or line break inside a value splits it. */
function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '""';
  const text = typeof value === 'string' ? neutralise(value) : String(value);
  return `"${text.replaceAll('"', '""')}"`;
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
    // Own keys only: a property named "constructor" must print its value, not Object's.
    ...properties.map((key) => (Object.hasOwn(response.properties, key) ? response.properties[key] : null)),
    rest.length > 0 ? JSON.stringify(Object.fromEntries(rest)) : null,
    ...cells.slice(6),
  ]);
}

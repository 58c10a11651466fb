/**
 * The CSV export against formula injection and prototype keys (docs/reports.md,
 * docs/security.md): every cell quoted; a formula start neutralised at the start of a cell and
 * after any separator a spreadsheet might split on; a property named like an Object method
 * prints its own value.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf } from '../../src/engine/response.js';
import { neutralise } from '../../src/reports/csv.js';
import { MemoryStore } from '../../src/store/memory.js';
import { answer, type Running, startApp, TOKEN } from '../reports/support.js';
import { testSurvey } from '../support/survey.js';

describe('neutralise', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['great;=1+1', "great;'=1+1"],
    ['a,=cmd|calc', "a,'=cmd|calc"],
    ['fine | @SUM(A1)', "fine | '@SUM(A1)"],
    ['ok;  +1', "ok;  '+1"],
    ['\t=1', "'\t'=1"],
    ['\r=1', "'\r'=1"],
    ['line one\n-2', "line one\n'-2"],
    ['a\tb', 'a\tb'],
    ['1+1=2', '1+1=2'],
    ['well-made, fast', 'well-made, fast'],
    ['价格太贵;=A1', "价格太贵;'=A1"],
  ])('%j → %j', (text, expected) => {
    expect(neutralise(text)).toBe(expected);
  });
});

describe('GET /api/responses.csv', () => {
  let running: Running;
  const reasons = ['great;=1+1', 'a,=cmd', 'ok\t=1', 'so so\n=2', 'plain'];
  beforeAll(async () => {
    const survey = testSurvey({
      id: 'csv-security',
      segments: ['constructor'],
      segmentValues: { constructor: ['c-0', 'c-2', 'c-4'] },
      reward: { codes: [] },
    });
    running = await startApp(new MemoryStore(), survey);
    for (const [i, reason] of reasons.entries()) {
      // JSON.parse makes "__proto__" an own key, as a request body would.
      const properties = JSON.parse(
        JSON.stringify({ toString: `ts-${i}` }).replace('{', `{"__proto__":"proto-${i}",`),
      ) as Record<string, string>;
      // Every other row has a "constructor" property; the others must print an empty cell.
      if (i % 2 === 0) Object.defineProperty(properties, 'constructor', { value: `c-${i}`, enumerable: true });
      await answer(running.app.engine, { user: `u${i}`, score: 8, reason, properties });
    }
  });
  afterAll(async () => {
    await running?.close();
  });

  it('quotes every cell and leaves no formula start after any separator', async () => {
    const raw = await fetch(`${running.base}/api/responses.csv`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await raw.arrayBuffer());
    expect(text).toMatch(/^\uFEFF(?:"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*\r\n)+$/);
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.reason).sort()).toEqual(
      ["ok\t'=1", "a,'=cmd", "great;'=1+1", 'plain', "so so\n'=2"].sort(),
    );
    // Split any way a spreadsheet might: no piece starts a formula.
    for (const row of rows) {
      for (const piece of Object.values(row).flatMap((value) => value.split(/[,;|\t\r\n]/))) {
        expect(piece.trimStart(), piece).not.toMatch(/^[=+\-@]/);
      }
    }
  });

  it('prints a property named constructor or toString as its own value, and never a "__proto__"', async () => {
    const { text } = await running.get('/api/responses.csv?order=asc');
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(5);
    expect(text).not.toMatch(/function|\[object Object\]/);
    for (const row of rows) {
      const i = Number(row.user?.slice(1));
      expect(row['properties.constructor'], row.user).toBe(i % 2 === 0 ? `c-${i}` : '');
      expect(row['properties.toString']).toBe(`ts-${i}`);
      // Stored records are parsed by zod (src/store/schemas.ts), which drops a "__proto__" key,
      // as the request schemas at every edge do: such a key never becomes a column or a prototype.
      expect(row['properties.__proto__']).toBeUndefined();
    }
  });

  it('counts the "constructor" segment only for rows that have one', async () => {
    const summary = await running.get('/api/reports/summary?segment=constructor:c-0');
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ total: 1 });
    const listed = await running.get('/api/responses?segment=constructor:c-1');
    expect(listed.body).toMatchObject({ responses: [] });
    const day = dayOf(Date.now());
    const fields = [...((await running.app.store.readRollups('csv-security', [day])).get(day)?.keys() ?? [])];
    expect(fields.filter((field) => field.includes('constructor'))).toHaveLength(3);
    expect(fields.filter((field) => field.includes('function'))).toEqual([]);
  });
});

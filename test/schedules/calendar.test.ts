/** When waves start, where each person sits in the spread, and quiet hours in their own time zone. */
import { describe, expect, it } from 'vitest';
import {
  currentWave,
  firstAllowed,
  isQuiet,
  nextWaveAt,
  spreadOffset,
  waveStart,
} from '../../src/schedules/calendar.js';

const at = (iso: string) => Date.parse(iso);

describe('waves', () => {
  it.each([
    ['90d from a start date', { every: '90d', start: '2026-01-05' }, 1, '2026-04-05T00:00:00.000Z'],
    ['2w from a start time', { every: '2w', start: '2026-01-05T09:30:00Z' }, 2, '2026-02-02T09:30:00.000Z'],
    ['3m: calendar quarters without a start', { every: '3m', start: undefined }, 674 * 1, '2138-07-01T00:00:00.000Z'],
    ['1m from the 31st keeps to the month end', { every: '1m', start: '2026-01-31' }, 1, '2026-02-28T00:00:00.000Z'],
    ['1w without a start begins on Mondays', { every: '1w', start: undefined }, 2922, '2026-01-05T00:00:00.000Z'],
  ])('%s', (_, timing, index, expected) => {
    expect(new Date(waveStart({ id: 's', ...timing }, index)).toISOString()).toBe(expected);
  });

  it('knows the running wave and the next one, and nothing before the start', () => {
    const schedule = { id: 'q', every: '3m', start: '2026-01-01' };
    expect(currentWave(schedule, at('2025-12-31T23:59:59Z'))).toBeNull();
    expect(nextWaveAt(schedule, at('2025-12-31T00:00:00Z'))).toBe(at('2026-01-01T00:00:00Z'));
    expect(currentWave(schedule, at('2026-05-17T12:00:00Z'))).toEqual({
      id: 'q:2026-04-01',
      index: 1,
      startedAt: at('2026-04-01T00:00:00Z'),
      endsAt: at('2026-07-01T00:00:00Z'),
    });
    expect(currentWave(schedule, at('2026-07-01T00:00:00Z'))?.id).toBe('q:2026-07-01');
    expect(nextWaveAt(schedule, at('2026-07-01T00:00:00Z'))).toBe(at('2026-10-01T00:00:00Z'));
  });
});

describe('the spread', () => {
  it('places people across the spread, each at the same place in every wave', () => {
    const schedule = { id: 'q', spreadDays: 7 };
    const offsets = Array.from({ length: 1000 }, (_, i) => spreadOffset(schedule, `U${i}`));
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...offsets)).toBeLessThan(7 * 86_400_000);
    // Roughly even: every day of the week gets some of the thousand.
    const days = new Set(offsets.map((offset) => Math.floor(offset / 86_400_000)));
    expect(days.size).toBe(7);
    expect(spreadOffset(schedule, 'U1')).toBe(spreadOffset({ id: 'q', spreadDays: 7 }, 'U1'));
    expect(spreadOffset({ id: 'q', spreadDays: 0 }, 'U1')).toBe(0);
  });
});

describe('quiet hours', () => {
  const night = { from: '20:00', to: '08:00' };
  it.each([
    [19 * 60 + 59, false],
    [20 * 60, true],
    [3 * 60, true],
    [8 * 60, false],
  ])('over midnight: %i minutes is quiet: %s', (minutes, quiet) => {
    expect(isQuiet(minutes, night)).toBe(quiet);
  });

  it('moves a send to the end of quiet hours in the person’s zone', () => {
    // 23:00 in Tokyo is 14:00 UTC; the next allowed moment is 08:00 Tokyo, 23:00 UTC.
    expect(new Date(firstAllowed(at('2026-01-05T14:00:00Z'), night, 'Asia/Tokyo')).toISOString()).toBe(
      '2026-01-05T23:00:00.000Z',
    );
    // 14:00 UTC is 09:00 in New York: allowed as it is.
    expect(firstAllowed(at('2026-01-05T14:00:00Z'), night, 'America/New_York')).toBe(at('2026-01-05T14:00:00Z'));
    expect(firstAllowed(at('2026-01-05T23:00:00Z'), undefined, 'UTC')).toBe(at('2026-01-05T23:00:00Z'));
    // Over a daylight-saving change (Paris, 29 March 2026) the end is still 08:00 local.
    expect(new Date(firstAllowed(at('2026-03-28T22:00:00Z'), night, 'Europe/Paris')).toISOString()).toBe(
      '2026-03-29T06:00:00.000Z',
    );
  });
});

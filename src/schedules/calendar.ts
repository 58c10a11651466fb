/**
 * When a schedule's waves start and when, inside a wave, each person is asked — pure functions
 * of the schedule, the person and the time, so every process works out the same answers and a
 * restart (or a wiped store) cannot move a wave (docs/schedules.md).
 */
import { minutesOf, parseEvery, type Schedule } from '../../dialogs/index.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Without a start, day and week periods count from these instants (a Monday for weeks), months from January 1970. */
const DAY_ANCHOR = Date.UTC(1970, 0, 1);
const WEEK_ANCHOR = Date.UTC(1970, 0, 5);

export interface Wave {
  /** `<schedule id>:<YYYY-MM-DD>`, the UTC day the wave starts: the `wave` property of its surveys. */
  id: string;
  index: number;
  startedAt: number;
  /** When the next wave starts; this one's sends stop there. */
  endsAt: number;
}

type ScheduleTiming = Pick<Schedule, 'id' | 'every' | 'start'>;

function anchorOf(schedule: ScheduleTiming, unit: 'd' | 'w' | 'm'): number {
  if (schedule.start !== undefined)
    return Date.parse(schedule.start.length === 10 ? `${schedule.start}T00:00:00Z` : schedule.start);
  return unit === 'w' ? WEEK_ANCHOR : DAY_ANCHOR;
}

/** Adds calendar months in UTC, keeping the time of day; the 31st becomes the last day of a shorter month. */
function addMonths(at: number, months: number): number {
  const date = new Date(at);
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target.getTime() + (at - Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** When wave `index` starts (index 0 is the first, at the schedule's start). */
export function waveStart(schedule: ScheduleTiming, index: number): number {
  const every = parseEvery(schedule.every);
  if (!every) throw new Error(`schedule ${schedule.id}: "every" was not validated`);
  const anchor = anchorOf(schedule, every.unit);
  if (every.unit === 'm') return addMonths(anchor, index * every.count);
  return anchor + index * every.count * (every.unit === 'w' ? 7 : 1) * DAY_MS;
}

function waveOf(schedule: ScheduleTiming, index: number): Wave {
  const startedAt = waveStart(schedule, index);
  const day = new Date(startedAt).toISOString().slice(0, 10);
  return { id: `${schedule.id}:${day}`, index, startedAt, endsAt: waveStart(schedule, index + 1) };
}

/** The wave running at `now`, or null before the schedule's first wave. */
export function currentWave(schedule: ScheduleTiming, now: number): Wave | null {
  if (now < waveStart(schedule, 0)) return null;
  const every = parseEvery(schedule.every);
  if (!every) return null;
  const approxPeriod = every.count * { d: 1, w: 7, m: 28 }[every.unit] * DAY_MS;
  // A guess from the shortest period, then stepped to the exact wave (months differ in length).
  let index = Math.max(0, Math.floor((now - waveStart(schedule, 0)) / approxPeriod));
  while (index > 0 && waveStart(schedule, index) > now) index -= 1;
  while (waveStart(schedule, index + 1) <= now) index += 1;
  return waveOf(schedule, index);
}

/** When the next wave starts after `now` (the first one, before the schedule has begun). */
export function nextWaveAt(schedule: ScheduleTiming, now: number): number {
  const wave = currentWave(schedule, now);
  return wave ? wave.endsAt : waveStart(schedule, 0);
}

/** FNV-1a, the same in every process: a person keeps their place in the spread from wave to wave. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * A person's place in the spread, the same in every wave: so the time between two of their
 * surveys is one period, and the survey's throttle does not leave them out of the next wave.
 */
export function spreadOffset(schedule: Pick<Schedule, 'id' | 'spreadDays'>, user: string): number {
  return Math.floor((fnv1a(`${schedule.id}\n${user}`) / 2 ** 32) * schedule.spreadDays * DAY_MS);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes since local midnight at `at` in a time zone. */
export function localMinutes(at: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
}

export type QuietHours = NonNullable<Schedule['quietHours']>;

/** Is a local time (minutes since midnight) inside quiet hours? "20:00"–"08:00" wraps over midnight. */
export function isQuiet(minutes: number, quiet: QuietHours): boolean {
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  return from < to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}

/** The first moment at or after `at` outside quiet hours in the person's zone. */
export function firstAllowed(at: number, quiet: QuietHours | undefined, timeZone: string): number {
  if (!quiet) return at;
  let candidate = at;
  // A few steps at most: a daylight-saving change can move the local end of quiet hours by an hour.
  for (let step = 0; step < 4; step++) {
    const minutes = localMinutes(candidate, timeZone);
    if (!isQuiet(minutes, quiet)) return candidate;
    const wait = (minutesOf(quiet.to) - minutes + 1440) % 1440;
    const jumped = Math.floor(candidate / MINUTE_MS) * MINUTE_MS + Math.max(wait, 1) * MINUTE_MS;
    // Clocks that went forward overnight end quiet hours an hour sooner in absolute time.
    const hourSooner = jumped - 60 * MINUTE_MS;
    candidate = hourSooner > candidate && !isQuiet(localMinutes(hourSooner, timeZone), quiet) ? hourSooner : jumped;
  }
  return candidate;
}

/** When a member of the audience is due in a wave: their place in the spread, moved past quiet hours. */
export function sendTime(schedule: Schedule, wave: Wave, user: string, timeZone: string | null): number {
  const zone = timeZone ?? schedule.timeZone ?? 'UTC';
  return firstAllowed(wave.startedAt + spreadOffset(schedule, user), schedule.quietHours, zone);
}

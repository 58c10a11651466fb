/**
 * A schedule in the survey file (docs/schedules.md): who is asked (a Slack channel's members or
 * a list of people), how often a wave starts, how long it is spread, and the quiet hours in
 * which nobody is messaged. Pure data and its validation; the scheduler in src/schedules runs it.
 */
import { z } from 'zod';

const EVERY = /^([1-9]\d{0,3})([dwm])$/;
const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export type EveryUnit = 'd' | 'w' | 'm';

/** "90d" → { count: 90, unit: 'd' }; null when it is not a whole number of days, weeks or months. */
export function parseEvery(text: string): { count: number; unit: EveryUnit } | null {
  const match = EVERY.exec(text);
  if (!match) return null;
  return { count: Number(match[1]), unit: match[2] as EveryUnit };
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const timeZone = z.string().refine(isTimeZone, 'expected an IANA time zone such as "Europe/Paris" or "UTC"');

/** Minutes after midnight of "HH:MM". */
export function minutesOf(clock: string): number {
  const [hours = '0', minutes = '0'] = clock.split(':');
  return Number(hours) * 60 + Number(minutes);
}

const clockTime = z.string().regex(CLOCK_TIME, 'expected a 24-hour time "HH:MM", e.g. "20:00"');

const quietHours = z
  .strictObject({ from: clockTime, to: clockTime })
  .refine((hours) => hours.from !== hours.to, { message: 'from and to must differ', path: ['to'] });

const audience = z.union(
  [
    z.strictObject({
      slackChannel: z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'expected a Slack channel id such as "C0123ABCD"'),
    }),
    z.strictObject({ users: z.array(z.string().min(1).max(256)).min(1).max(100_000) }),
  ],
  { error: 'expected { "slackChannel": "C…" } or { "users": ["…"] }' },
);

export const scheduleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'a schedule id is lower-case letters, digits, "-" or "_"'),
    channel: z.enum(['slack', 'teams'], { error: 'expected "slack" or "teams"' }),
    audience,
    every: z.string().refine((text) => parseEvery(text) !== null, 'expected a period such as "90d", "13w" or "3m"'),
    spreadDays: z.number().min(0).max(366).default(7),
    touchpoint: z.string().min(1).max(100).default('relationship'),
    /** When the first wave starts: a date (midnight UTC) or an ISO 8601 time. */
    start: z
      .string()
      .refine((text) => (DATE.test(text) || DATE_TIME.test(text)) && !Number.isNaN(Date.parse(text)), {
        message: 'expected a date (2026-01-05) or an ISO 8601 time',
      })
      .optional(),
    /** Nobody is messaged between these local times; off unless set. */
    quietHours: quietHours.optional(),
    /** The zone for quiet hours when the channel does not know the person's (Teams); UTC otherwise. */
    timeZone: timeZone.optional(),
  })
  .superRefine((schedule, ctx) => {
    if (schedule.channel === 'teams' && 'slackChannel' in schedule.audience) {
      ctx.addIssue({
        code: 'custom',
        path: ['audience', 'slackChannel'],
        message: 'a Slack channel audience needs channel "slack"; list Teams users under "users"',
      });
    }
    const every = parseEvery(schedule.every);
    const days = every ? every.count * { d: 1, w: 7, m: 28 }[every.unit] : 0;
    if (every && schedule.spreadDays >= days) {
      ctx.addIssue({
        code: 'custom',
        path: ['spreadDays'],
        message: `must be shorter than "every" (${schedule.every}), so a wave ends before the next begins`,
      });
    }
  });

export const schedulesSchema = z
  .array(scheduleSchema)
  .default([])
  .superRefine((schedules, ctx) => {
    const seen = new Set<string>();
    for (const [index, schedule] of schedules.entries()) {
      if (seen.has(schedule.id)) {
        ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `the id "${schedule.id}" is used twice` });
      }
      seen.add(schedule.id);
    }
  });

export type Schedule = z.output<typeof scheduleSchema>;
export type ScheduleAudience = Schedule['audience'];

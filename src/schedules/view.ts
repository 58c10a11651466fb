/**
 * What `GET /api/schedules` and /metrics show of each schedule: when the next wave starts, and
 * the running wave's start, audience, surveys sent (from the wave's records, shared by every
 * process) and answers (from the wave's report counters, docs/reports.md).
 */
import { z } from 'zod';
import type { Schedule } from '../../dialogs/index.js';
import { tallyDays } from '../reports/counters.js';
import { daysBetween } from '../reports/filters.js';
import type { ConversationStore } from '../store/types.js';
import { currentWave, nextWaveAt } from './calendar.js';

export const scheduleViewSchema = z
  .object({
    id: z.string(),
    nextWaveAt: z.string(),
    wave: z
      .object({
        id: z.string(),
        startedAt: z.string(),
        audience: z.number().int(),
        sent: z.number().int(),
        answered: z.number().int(),
      })
      .nullable(),
  })
  .meta({ id: 'Schedule' });
export type ScheduleView = z.infer<typeof scheduleViewSchema>;

export async function viewSchedules(
  schedules: readonly Schedule[],
  store: ConversationStore,
  surveyId: string,
  now: number,
): Promise<ScheduleView[]> {
  const views: ScheduleView[] = [];
  for (const schedule of schedules) {
    const wave = currentWave(schedule, now);
    const progress = wave ? await store.readWave(wave.id) : null;
    let view: ScheduleView['wave'] = null;
    if (wave && progress) {
      const sent = Object.values(progress.members).filter((m) => m.state === 'settled' && m.outcome === 'sent').length;
      const days = daysBetween(wave.startedAt, now);
      const scope = { channel: schedule.channel, touchpoint: null, segment: null, wave: wave.id };
      const answered = tallyDays(await store.readRollups(surveyId, days), days, scope).answered;
      view = {
        id: wave.id,
        startedAt: new Date(progress.startedAt).toISOString(),
        audience: progress.audience,
        sent,
        answered: Math.max(0, answered),
      };
    }
    views.push({ id: schedule.id, nextWaveAt: new Date(nextWaveAt(schedule, now)).toISOString(), wave: view });
  }
  return views;
}

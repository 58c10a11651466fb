/**
 * The schedules in /metrics: how many there are, when each one's next wave starts, and the
 * running wave's audience, surveys sent and answers (read from the store at scrape time, the
 * same for every process), plus this process's own sends by outcome.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { WaveOutcome } from '../store/schedule-store.js';
import type { SchedulerObserver } from './scheduler.js';
import type { ScheduleView } from './view.js';

export function registerScheduleMetrics(
  registry: Registry,
  count: number,
  views: () => Promise<ScheduleView[]>,
): SchedulerObserver {
  new Gauge({ name: 'npsbot_schedules', help: 'Schedules in the survey file', registers: [registry] }).set(count);
  // One read of the store per scrape feeds every gauge below, whichever collects first.
  let shared: { at: number; views: Promise<ScheduleView[]> } | null = null;
  const read = () => {
    if (!shared || Date.now() - shared.at > 1000) shared = { at: Date.now(), views: views().catch(() => []) };
    return shared.views;
  };
  const gauge = (name: string, help: string, value: (view: ScheduleView) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['schedule'] as const,
      registers: [registry],
      async collect() {
        for (const view of await read()) this.set({ schedule: view.id }, value(view));
      },
    });
  gauge(
    'npsbot_schedule_next_wave_timestamp_seconds',
    'When the next wave of each schedule starts (Unix time)',
    (view) => Date.parse(view.nextWaveAt) / 1000,
  );
  gauge('npsbot_schedule_wave_audience', 'Members of the running wave’s audience', (view) => view.wave?.audience ?? 0);
  gauge('npsbot_schedule_wave_sent', 'Surveys sent in the running wave, by every process', (v) => v.wave?.sent ?? 0);
  gauge('npsbot_schedule_wave_answered', 'Surveys of the running wave answered', (v) => v.wave?.answered ?? 0);
  const surveyed = new Counter({
    name: 'npsbot_schedule_surveys_total',
    help: 'Members of a wave this process handled, by schedule and outcome',
    labelNames: ['schedule', 'outcome'] as const,
    registers: [registry],
  });
  return { surveyed: (schedule: string, outcome: WaveOutcome) => surveyed.inc({ schedule, outcome }) };
}

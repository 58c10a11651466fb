/**
 * Runs the survey file's schedules (docs/schedules.md). Each tick, for every schedule's current
 * wave: read the wave from the store and put back anything a wiped store forgot from this
 * process's copy; take (or renew) the wave's leader lease; the leader reads the audience, and
 * surveys each member whose place in the spread has come, one claim per member, paced to the
 * channel's rate, through the channel's ordinary proactive send (so throttle and opt-out apply).
 */
import type { Logger } from 'pino';
import type { Schedule } from '../../dialogs/index.js';
import { DEFAULT_PACING_MS } from '../campaigns/campaign.js';
import type { Channel } from '../engine/types.js';
import type { ProactiveChannels } from '../proactive.js';
import type { WaveMemberState, WaveOutcome, WaveProgress } from '../store/schedule-store.js';
import type { ConversationStore } from '../store/types.js';
import type { AudienceMember, Audiences } from './audience.js';
import { currentWave, sendTime, type Wave } from './calendar.js';

const DAY_MS = 86_400_000;
/** A wave's records outlive it by this much, for the reports and `GET /api/schedules`. */
const KEEP_AFTER_WAVE_MS = 30 * DAY_MS;

export interface SchedulerObserver {
  surveyed?(schedule: string, outcome: WaveOutcome): void;
}

export interface WaveSchedulerOptions {
  schedules: readonly Schedule[];
  store: ConversationStore;
  channels: ProactiveChannels;
  audiences: Audiences;
  logger: Logger;
  /** Who this process is, in leases; unique per process. */
  owner: string;
  clock?: () => number;
  pacingMs?: Readonly<Record<Channel, number>>;
  sleep?: (ms: number) => Promise<void>;
  tickMs?: number;
  /** How long a leader holds a wave without renewing it; a dead leader's wave moves on after this. */
  leaseMs?: number;
  /** How long a member stays claimed by a send that never settled (its process died). */
  claimMs?: number;
  /** How often the leader reads the audience again, so people who join mid-wave are included. */
  refreshMs?: number;
  observer?: SchedulerObserver;
}

/** What this process knows of a wave: its own copy of the settled members, to restore a wiped store. */
interface WaveCopy {
  wave: Wave;
  progress: WaveProgress;
  members: AudienceMember[] | null;
  membersReadAt: number;
  /** No sends before this: the wave's record was missing, and other processes may still restore theirs. */
  holdUntil: number;
}

export class WaveScheduler {
  private readonly clock: () => number;
  private readonly copies = new Map<string, WaveCopy>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: WaveSchedulerOptions) {
    this.clock = options.clock ?? Date.now;
  }

  start(): void {
    if (this.timer || this.options.schedules.length === 0) return;
    this.stopped = false;
    const tick = () => {
      this.running ??= this.runOnce().finally(() => {
        this.running = undefined;
      });
    };
    this.timer = setInterval(tick, this.options.tickMs ?? 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One tick over every schedule; a schedule that fails (store or channel away) is logged and tried next tick. */
  async runOnce(): Promise<void> {
    for (const schedule of this.options.schedules) {
      if (this.stopped) return;
      try {
        await this.tick(schedule);
      } catch (error) {
        this.options.logger.warn({ err: error, schedule: schedule.id }, 'schedules: a tick failed; trying again');
      }
    }
  }

  private copyOf(schedule: Schedule, wave: Wave): WaveCopy {
    let copy = this.copies.get(schedule.id);
    if (copy?.wave.id !== wave.id) {
      copy = {
        wave,
        progress: { startedAt: wave.startedAt, audience: 0, members: {} },
        members: null,
        membersReadAt: 0,
        holdUntil: 0,
      };
      this.copies.set(schedule.id, copy);
    }
    return copy;
  }

  private keepMs(wave: Wave, now: number): number {
    return Math.max(wave.endsAt - now, 0) + KEEP_AFTER_WAVE_MS;
  }

  private async tick(schedule: Schedule): Promise<void> {
    const { store, owner } = this.options;
    const now = this.clock();
    const wave = currentWave(schedule, now);
    if (!wave) return;
    const copy = this.copyOf(schedule, wave);
    await this.reconcile(copy, now);
    const leaseMs = this.options.leaseMs ?? 120_000;
    if (!(await store.leaseWave(wave.id, owner, now, now + leaseMs, this.keepMs(wave, now)))) return;
    if (!copy.members || now - copy.membersReadAt >= (this.options.refreshMs ?? 15 * 60_000)) {
      copy.members = await this.options.audiences.members(schedule);
      copy.membersReadAt = now;
      copy.progress.audience = copy.members.length;
      await store.recordWave(
        wave.id,
        { startedAt: wave.startedAt, audience: copy.members.length },
        this.keepMs(wave, now),
      );
    }
    if (now >= copy.holdUntil) await this.surveyDue(schedule, copy);
  }

  /** Learns what other processes settled, and writes back what the store lost (a Redis restart). */
  private async reconcile(copy: WaveCopy, now: number): Promise<void> {
    const stored = await this.options.store.readWave(copy.wave.id);
    const mine = copy.progress.members;
    for (const [user, state] of Object.entries(stored?.members ?? {}))
      if (state.state === 'settled') mine[user] = state;
    const forgotten = Object.keys(mine).filter((user) => stored?.members[user]?.state !== 'settled');
    if (stored) copy.progress.audience = stored.audience;
    if (!stored || forgotten.length > 0) {
      // A wave whose record is missing is new, or was wiped: wait until every process has put back what it knows.
      copy.holdUntil = Math.max(copy.holdUntil, now + 2 * (this.options.tickMs ?? 60_000));
    }
    if (!stored && Object.keys(mine).length === 0) {
      await this.options.store.recordWave(copy.wave.id, copy.progress, this.keepMs(copy.wave, now));
      return;
    }
    if (!stored || forgotten.length > 0) {
      this.options.logger.warn(
        { wave: copy.wave.id, restored: forgotten.length },
        'schedules: the store had lost part of a wave; restored it from this process',
      );
      await this.options.store.restoreWave(copy.wave.id, copy.progress, this.keepMs(copy.wave, now));
    }
  }

  private dueMembers(schedule: Schedule, copy: WaveCopy, now: number): AudienceMember[] {
    const settled = copy.progress.members;
    return (copy.members ?? [])
      .map((member) => ({ member, at: sendTime(schedule, copy.wave, member.user, member.timeZone) }))
      .filter(({ member, at }) => at <= now && at < copy.wave.endsAt && settled[member.user] === undefined)
      .sort((a, b) => a.at - b.at)
      .map(({ member }) => member);
  }

  private async surveyDue(schedule: Schedule, copy: WaveCopy): Promise<void> {
    const { store, owner } = this.options;
    const pacing = (this.options.pacingMs ?? DEFAULT_PACING_MS)[schedule.channel];
    const sleep = this.options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
    let sends = 0;
    for (const member of this.dueMembers(schedule, copy, this.clock())) {
      if (this.stopped) return;
      const now = this.clock();
      // Quiet hours may have begun while earlier members were sent; such a member waits for the next tick.
      if (sendTime(schedule, copy.wave, member.user, member.timeZone) > now) continue;
      const keepMs = this.keepMs(copy.wave, now);
      if (!(await store.leaseWave(copy.wave.id, owner, now, now + (this.options.leaseMs ?? 120_000), keepMs))) return;
      if (sends > 0 && pacing > 0) await sleep(pacing);
      const outcome = await this.surveyMember(schedule, copy.wave, member.user);
      if (outcome === null) continue;
      sends += 1;
      const settled: WaveMemberState = { state: 'settled', outcome, at: this.clock() };
      copy.progress.members[member.user] = settled;
      await store.settleWaveMember(copy.wave.id, member.user, outcome, settled.at, keepMs);
      this.options.observer?.surveyed?.(schedule.id, outcome);
    }
  }

  /** Claims and surveys one member; null when another process holds or has settled them. */
  private async surveyMember(schedule: Schedule, wave: Wave, user: string): Promise<WaveOutcome | null> {
    const { store, channels, logger } = this.options;
    const now = this.clock();
    const claim = await store.claimWaveMember(
      wave.id,
      user,
      now,
      now + (this.options.claimMs ?? 10 * 60_000),
      this.keepMs(wave, now),
    );
    if (!claim.claimed) return null;
    if (claim.earlierClaimAt !== null) {
      // A process died holding this member: if its survey got as far as the engine, it was sent.
      const person = await store.person({ channel: schedule.channel, user });
      if (person.lastSurveyedAt !== null && person.lastSurveyedAt >= claim.earlierClaimAt) return 'sent';
    }
    const channel = channels.get(schedule.channel);
    if (!channel) return 'no_conversation';
    try {
      return await channel.startSurvey({
        user,
        touchpoint: schedule.touchpoint,
        properties: { schedule: schedule.id, wave: wave.id },
      });
    } catch (error) {
      logger.warn({ err: error, schedule: schedule.id }, 'schedules: a survey could not be sent');
      return 'failed';
    }
  }
}

/**
 * What the scheduler (src/schedules, docs/schedules.md) keeps in the store: per wave, who leads
 * it, when it started and how many people its audience had, and one entry per member — claimed
 * (with a lease, so a process that dies mid-send gives the member back) or settled (with the
 * outcome, so nobody is asked twice in a wave). Every time is passed in, from the scheduler's clock.
 */
import type { ProactiveStatus } from '../proactive.js';

export type WaveOutcome = ProactiveStatus | 'failed';

export type WaveMemberState =
  | { state: 'claimed'; at: number; until: number }
  | { state: 'settled'; outcome: WaveOutcome; at: number };

export interface WaveProgress {
  startedAt: number;
  /** Members of the audience the last time the leader read it. */
  audience: number;
  members: Record<string, WaveMemberState>;
}

export type MemberClaim =
  | {
      claimed: true /** When an earlier claim, whose process never settled it, was made; null if none. */;
      earlierClaimAt: number | null;
    }
  | { claimed: false };

export interface ScheduleStore {
  /**
   * Makes `owner` the leader of a wave until `until`, or renews its lease; false while another
   * owner's lease runs. `keepMs`: how long the wave's records are kept.
   */
  leaseWave(wave: string, owner: string, now: number, until: number, keepMs: number): Promise<boolean>;
  /** Records the wave's start (the first one written stays) and its audience size now. */
  recordWave(wave: string, info: { startedAt: number; audience: number }, keepMs: number): Promise<void>;
  /** Claims a member for one send: refused when settled, or claimed by a lease that still runs. */
  claimWaveMember(wave: string, user: string, now: number, until: number, keepMs: number): Promise<MemberClaim>;
  settleWaveMember(wave: string, user: string, outcome: WaveOutcome, at: number, keepMs: number): Promise<void>;
  /** The wave as stored, or null when the store has nothing of it (never started, or wiped). */
  readWave(wave: string): Promise<WaveProgress | null>;
  /**
   * Writes back what a wiped store forgot, from a process's own copy: the wave's start and
   * audience and the settled members; nothing already stored is overwritten.
   */
  restoreWave(wave: string, progress: WaveProgress, keepMs: number): Promise<void>;
}

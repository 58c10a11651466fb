/**
 * The scheduler's records in memory, for the one-process default store. Values go through JSON
 * like everything the memory store keeps, so tests catch what would not survive Redis.
 */
import type { MemberClaim, ScheduleStore, WaveMemberState, WaveOutcome, WaveProgress } from './schedule-store.js';
import { parseStored, waveMemberStateSchema } from './schemas.js';

interface StoredWave {
  lease: { owner: string; until: number } | null;
  startedAt: number | null;
  audience: number;
  members: Map<string, string>;
}

export class MemoryScheduleStore implements ScheduleStore {
  private readonly waves = new Map<string, StoredWave>();

  private wave(id: string): StoredWave {
    let wave = this.waves.get(id);
    if (!wave) {
      wave = { lease: null, startedAt: null, audience: 0, members: new Map() };
      this.waves.set(id, wave);
    }
    return wave;
  }

  async leaseWave(wave: string, owner: string, now: number, until: number): Promise<boolean> {
    const stored = this.wave(wave);
    if (stored.lease && stored.lease.owner !== owner && stored.lease.until > now) return false;
    stored.lease = { owner, until };
    return true;
  }

  async recordWave(wave: string, info: { startedAt: number; audience: number }): Promise<void> {
    const stored = this.wave(wave);
    stored.startedAt ??= info.startedAt;
    stored.audience = info.audience;
  }

  async claimWaveMember(wave: string, user: string, now: number, until: number): Promise<MemberClaim> {
    const members = this.wave(wave).members;
    const existing = members.get(user);
    const earlier = existing ? parseStored(waveMemberStateSchema, existing) : null;
    if (earlier?.state === 'settled' || (earlier?.state === 'claimed' && earlier.until > now))
      return { claimed: false };
    members.set(user, JSON.stringify({ state: 'claimed', at: now, until } satisfies WaveMemberState));
    return { claimed: true, earlierClaimAt: earlier?.at ?? null };
  }

  async settleWaveMember(wave: string, user: string, outcome: WaveOutcome, at: number): Promise<void> {
    this.wave(wave).members.set(user, JSON.stringify({ state: 'settled', outcome, at } satisfies WaveMemberState));
  }

  async readWave(wave: string): Promise<WaveProgress | null> {
    const stored = this.waves.get(wave);
    if (!stored || stored.startedAt === null) return null;
    const members = Object.fromEntries(
      [...stored.members].flatMap(([user, json]) => {
        const state = parseStored(waveMemberStateSchema, json);
        return state ? [[user, state] as const] : [];
      }),
    );
    return { startedAt: stored.startedAt, audience: stored.audience, members };
  }

  async restoreWave(wave: string, progress: WaveProgress): Promise<void> {
    const stored = this.wave(wave);
    if (stored.startedAt === null) {
      stored.startedAt = progress.startedAt;
      stored.audience = progress.audience;
    }
    for (const [user, state] of Object.entries(progress.members)) {
      if (state.state === 'settled' && !stored.members.has(user)) stored.members.set(user, JSON.stringify(state));
    }
  }
}

/**
 * The scheduler's records in Redis (single server or Cluster). Each wave's keys share one hash
 * tag, so a claim is a single-slot Lua call:
 *
 *   {w:<wave>}:lease     string "<owner>|<until>"   the wave's leader and its lease (until: scheduler clock)
 *   {w:<wave>}:info      hash   startedAt, audience
 *   {w:<wave>}:members   hash   user → WaveMemberState JSON
 *
 * Leases compare the scheduler's own clock (passed in), not Redis's, so every process agrees
 * with the same clock and tests can drive time; the keys themselves expire after `keepMs`.
 */
import type { Cluster, Redis } from 'ioredis';
import type { MemberClaim, ScheduleStore, WaveMemberState, WaveOutcome, WaveProgress } from './schedule-store.js';
import { parseStored, waveMemberStateSchema } from './schemas.js';

/** KEYS: lease. ARGV: owner, now, until, keepMs. */
const LEASE_WAVE = `
local held = redis.call('GET', KEYS[1])
if held then
  local sep = string.find(held, '|', 1, true)
  local owner = string.sub(held, 1, sep - 1)
  local untilAt = tonumber(string.sub(held, sep + 1))
  if owner ~= ARGV[1] and untilAt > tonumber(ARGV[2]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[3], 'PX', ARGV[4])
return 1
`;

/** KEYS: members. ARGV: user, now, until, keepMs. Returns { claimed (0/1), earlier claim time or -1 }. */
const CLAIM_MEMBER = `
local existing = redis.call('HGET', KEYS[1], ARGV[1])
local earlier = -1
if existing then
  local state = cjson.decode(existing)
  if state.state == 'settled' then return {0, -1} end
  if tonumber(state['until']) > tonumber(ARGV[2]) then return {0, -1} end
  earlier = state.at
end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode({state = 'claimed', at = tonumber(ARGV[2]), ['until'] = tonumber(ARGV[3])}))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {1, earlier}
`;

interface ScheduleScripts {
  npsbotLeaseWave(lease: string, owner: string, now: number, until: number, keepMs: number): Promise<number>;
  npsbotClaimWaveMember(
    members: string,
    user: string,
    now: number,
    until: number,
    keepMs: number,
  ): Promise<[number, number]>;
}

export class RedisScheduleStore implements ScheduleStore {
  private readonly scripts: ScheduleScripts;

  constructor(
    private readonly client: Redis | Cluster,
    private readonly prefix: string,
  ) {
    client.defineCommand('npsbotLeaseWave', { numberOfKeys: 1, lua: LEASE_WAVE });
    client.defineCommand('npsbotClaimWaveMember', { numberOfKeys: 1, lua: CLAIM_MEMBER });
    this.scripts = client as unknown as ScheduleScripts;
  }

  private keys(wave: string): { lease: string; info: string; members: string } {
    const tag = `${this.prefix}{w:${wave}}`;
    return { lease: `${tag}:lease`, info: `${tag}:info`, members: `${tag}:members` };
  }

  async leaseWave(wave: string, owner: string, now: number, until: number, keepMs: number): Promise<boolean> {
    return (await this.scripts.npsbotLeaseWave(this.keys(wave).lease, owner, now, until, Math.ceil(keepMs))) === 1;
  }

  async recordWave(wave: string, info: { startedAt: number; audience: number }, keepMs: number): Promise<void> {
    const key = this.keys(wave).info;
    await this.client
      .multi()
      .hsetnx(key, 'startedAt', info.startedAt)
      .hset(key, 'audience', info.audience)
      .pexpire(key, Math.ceil(keepMs))
      .exec();
  }

  async claimWaveMember(wave: string, user: string, now: number, until: number, keepMs: number): Promise<MemberClaim> {
    const [claimed, earlier] = await this.scripts.npsbotClaimWaveMember(
      this.keys(wave).members,
      user,
      now,
      until,
      Math.ceil(keepMs),
    );
    return claimed === 1 ? { claimed: true, earlierClaimAt: earlier >= 0 ? earlier : null } : { claimed: false };
  }

  async settleWaveMember(wave: string, user: string, outcome: WaveOutcome, at: number, keepMs: number): Promise<void> {
    const key = this.keys(wave).members;
    const state: WaveMemberState = { state: 'settled', outcome, at };
    await this.client.multi().hset(key, user, JSON.stringify(state)).pexpire(key, Math.ceil(keepMs)).exec();
  }

  async readWave(wave: string): Promise<WaveProgress | null> {
    const keys = this.keys(wave);
    const [info, members] = await Promise.all([this.client.hgetall(keys.info), this.client.hgetall(keys.members)]);
    if (info.startedAt === undefined) return null;
    return {
      startedAt: Number(info.startedAt),
      audience: Number(info.audience ?? 0),
      members: Object.fromEntries(
        Object.entries(members).flatMap(([user, json]) => {
          const state = parseStored(waveMemberStateSchema, json);
          return state ? [[user, state] as const] : [];
        }),
      ),
    };
  }

  async restoreWave(wave: string, progress: WaveProgress, keepMs: number): Promise<void> {
    const keys = this.keys(wave);
    const batch = this.client
      .multi()
      .hsetnx(keys.info, 'startedAt', progress.startedAt)
      .hsetnx(keys.info, 'audience', progress.audience)
      .pexpire(keys.info, Math.ceil(keepMs));
    for (const [user, state] of Object.entries(progress.members)) {
      if (state.state === 'settled') batch.hsetnx(keys.members, user, JSON.stringify(state));
    }
    await batch.pexpire(keys.members, Math.ceil(keepMs)).exec();
  }
}

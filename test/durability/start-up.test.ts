/**
 * The start-up checks on a private redis-server of each kind (docs/operations.md): one warning
 * line when responses would not survive a restart or may be evicted, /readyz degraded (still
 * 200) naming why, and no reward codes on an evicting policy; nothing said on a server set up
 * for production.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type RedisProcess, startStandaloneRedis } from '../support/redis-servers.js';
import { type Booted, bootOn, durabilityWarnings, metric, promoterEnding } from './support.js';

const servers: RedisProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.destroy()));
});

async function bootWith(args: string[]): Promise<Booted> {
  const redis = await startStandaloneRedis(args);
  servers.push(redis);
  return bootOn(redis);
}

describe.each([
  {
    server: 'no persistence (--save "" --appendonly no)',
    args: [],
    warning: /responses would not survive a Redis restart/,
    reasons: ['no_persistence'],
    codes: true,
  },
  {
    server: 'an evicting policy (--appendonly yes --maxmemory-policy allkeys-lru)',
    args: ['--appendonly', 'yes', '--maxmemory-policy', 'allkeys-lru'],
    warning: /maxmemory-policy allkeys-lru evicts keys.*reward codes are withheld/,
    reasons: ['evicting_policy'],
    codes: false,
  },
  {
    server: 'both',
    args: ['--maxmemory-policy', 'volatile-lru'],
    warning: /would not survive a Redis restart.*maxmemory-policy volatile-lru evicts/,
    reasons: ['no_persistence', 'evicting_policy'],
    codes: false,
  },
  {
    // As on managed Redis: INFO still tells the policy, not the save points, so only the policy is warned of.
    server: 'CONFIG disabled and an evicting policy',
    args: ['--rename-command', 'CONFIG', '', '--maxmemory-policy', 'allkeys-lru'],
    warning: /^Redis store at redis:\/\/127\.0\.0\.1:\d+: maxmemory-policy allkeys-lru evicts keys/,
    reasons: ['evicting_policy'],
    codes: false,
  },
])('on a Redis with $server', ({ args, warning, reasons, codes }) => {
  let booted: Booted;
  afterAll(async () => {
    await booted?.app.close();
  });

  it('warns in one line, reports degraded readiness and hands out codes only when nothing evicts', async () => {
    booted = await bootWith(args);
    const warnings = durabilityWarnings(booted.log);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toMatch(warning);
    expect(warnings[0]?.msg).toContain('appendfsync everysec');

    const ready = await fetch(`${booted.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'degraded', reasons });

    const ending = await promoterEnding(booted.app);
    expect(ending).toContain('promoterThanks');
    expect(ending.includes('rewardCode')).toBe(codes);
    // Withheld is not "ran out": the promoter is thanked as when a survey has no pool.
    expect(ending).not.toContain('rewardExhausted');
    expect(await metric(booted.base, 'npsbot_reward_codes_withheld_total')).toBe(codes ? 0 : 1);
  });
});

describe('on a Redis set up for production (--appendonly yes --maxmemory-policy noeviction)', () => {
  it('warns of nothing, is ready and hands out codes', async () => {
    const booted = await bootWith([
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--maxmemory-policy',
      'noeviction',
    ]);
    try {
      expect(durabilityWarnings(booted.log)).toEqual([]);
      expect(booted.log.lines.map((line) => line.msg)).toContainEqual(
        expect.stringMatching(
          /^Redis durability: append-only file on, RDB snapshots off, maxmemory-policy noeviction$/,
        ),
      );
      expect(booted.log.lines.map((line) => line.msg)).toContainEqual(
        expect.stringMatching(/^new store: wrote its identity /),
      );
      const ready = await fetch(`${booted.base}/readyz`);
      expect(await ready.json()).toEqual({ status: 'ready' });
      expect(await promoterEnding(booted.app)).toContain('rewardCode');
    } finally {
      await booted.app.close();
    }
  });
});

/**
 * The faults of issue #21, run one after another against one fleet: two bot processes (the
 * second on a host clock 25 h ahead, NPSBOT_CLOCK_OFFSET_MS) on one private redis-server, with
 * one webhook receiver whose behaviour each case sets. Redis is reconfigured between cases
 * (CONFIG SET maxmemory / policy); the order matters: the wipe and the SIGTERM come last.
 */
import { randomUUID } from 'node:crypto';
import {
  adminGet,
  type Bot,
  type PrivateRedis,
  privateRedis,
  type Receiver,
  type Reply,
  receiver,
  sleep,
  startBot,
  until,
  visitor,
  WEBHOOK_SECRET,
} from './fault-kit.js';

export interface Invariant {
  name: string;
  pass: boolean;
  detail: string;
}

export interface Fleet {
  redis: PrivateRedis;
  bots: Bot[];
  hook: Receiver & { answer: (id: string) => { status: number; delayMs: number } };
  prefix: string;
  /** Bot environment, for a restart. */
  envs: Record<string, string>[];
}

export interface FaultCase {
  fault: string;
  run(fleet: Fleet, size: number): Promise<Invariant[]>;
}

const CODE = /ACME-THANKS-\d{4}/;
const AHEAD_MS = 25 * 3_600_000;
const HEALTHY = () => ({ status: 200, delayMs: 0 });

export async function startFleet(): Promise<Fleet> {
  const redis = await privateRedis();
  const hook = await receiver(HEALTHY);
  const prefix = `faults-${randomUUID().slice(0, 8)}`;
  const common = { REDIS_URL: redis.url, REDIS_PREFIX: prefix, WEBHOOK_URL: hook.url, WEBHOOK_SECRET };
  const envs = [common, { ...common, NPSBOT_CLOCK_OFFSET_MS: String(AHEAD_MS) }];
  const bots = await Promise.all(envs.map((env) => startBot(env)));
  return { redis, bots, hook, prefix, envs };
}

export async function stopFleet(fleet: Fleet): Promise<void> {
  for (const bot of fleet.bots) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await fleet.hook.close();
  await fleet.redis.stop();
}

/** A promoter's whole survey on `bots[i % 2]`: start, 10, a reason; the replies of the last turn. */
async function promoter(bots: Bot[], i: number): Promise<Reply | null> {
  const bot = bots[i % bots.length];
  const chat = bot ? await visitor(bot.base) : null;
  if (!chat) return null;
  const scored = await chat.say('10');
  if (scored.status !== 200) return scored;
  return chat.say('Quick and friendly support');
}

/** The replies of `count` promoters, `parallel` at a time. */
async function promoters(bots: Bot[], count: number, parallel = 8): Promise<(Reply | null)[]> {
  const replies: (Reply | null)[] = [];
  for (let start = 0; start < count; start += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - start) }, (_, i) => promoter(bots, start + i));
    replies.push(...(await Promise.all(batch)));
  }
  return replies;
}

const codeOf = (reply: Reply | null) => reply?.texts.map((text) => CODE.exec(text)?.[0]).find(Boolean);

async function usedMemory(redis: PrivateRedis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.client.info('memory'))?.[1] ?? 0);
}

/** Sets maxmemory to what is used now plus `room`, and fills `filler` keys until `headroom` is left. */
async function squeeze(redis: PrivateRedis, policy: string, room: number, headroom: number): Promise<void> {
  const maxmemory = (await usedMemory(redis)) + room;
  await redis.client.config('SET', 'maxmemory-policy', policy);
  await redis.client.config('SET', 'maxmemory', String(maxmemory));
  const value = 'x'.repeat(10_000);
  while ((await usedMemory(redis)) < maxmemory - headroom) {
    if ((await redis.client.set(`filler:${randomUUID()}`, value).catch(() => 'refused')) === 'refused') return;
  }
}

async function relax(redis: PrivateRedis): Promise<void> {
  await redis.client.config('SET', 'maxmemory', '0');
  await redis.client.config('SET', 'maxmemory-policy', 'noeviction');
  for (;;) {
    const [cursor, keys] = await redis.client.scan('0', 'MATCH', 'filler:*', 'COUNT', 1000);
    if (keys.length > 0) await redis.client.del(...keys);
    if (cursor === '0' && keys.length === 0) return;
  }
}

/** Whether the outbox is empty (every event delivered), by the store's own keys. */
async function outboxEmpty(fleet: Fleet): Promise<boolean> {
  const keys = await fleet.redis.client.keys(`${fleet.prefix}:*outbox:due`);
  const counts = await Promise.all(keys.map((key) => fleet.redis.client.zcard(key)));
  return counts.every((count) => count === 0);
}

export const FAULT_CASES: FaultCase[] = [
  {
    fault: 'skewed clock (the second bot 25 h ahead)',
    async run(fleet, size) {
      fleet.hook.deliveries.clear();
      fleet.hook.answer = () => ({ status: 200, delayMs: 300 });
      await promoters(fleet.bots, size);
      await until(() => outboxEmpty(fleet), 20_000);
      await sleep(1000);
      fleet.hook.answer = HEALTHY;
      const twice = [...fleet.hook.deliveries.values()].filter((times) => times > 1).length;
      const [seconds] = await fleet.redis.client.time();
      const today = new Date(Number(seconds) * 1000).toISOString().slice(0, 10);
      const rollups = await fleet.redis.client.keys(`${fleet.prefix}:*rollup*`);
      const otherDays = rollups.filter((key) => !key.endsWith(today));
      return [
        {
          name: 'each event is delivered once',
          pass: twice === 0 && fleet.hook.deliveries.size >= size,
          detail: `${fleet.hook.deliveries.size} events, ${twice} delivered more than once`,
        },
        {
          name: "day counters are kept under Redis's day",
          pass: rollups.length > 0 && otherDays.length === 0,
          detail: `${rollups.length} counter hashes, ${otherDays.length} under another day`,
        },
      ];
    },
  },
  {
    fault: 'slow receiver (one event answered after 15 s, longer than the delivery timeout)',
    async run(fleet, size) {
      fleet.hook.deliveries.clear();
      let slowOne: string | undefined;
      fleet.hook.answer = (id) => {
        slowOne ??= id;
        return { status: 200, delayMs: id === slowOne ? 15_000 : 0 };
      };
      await promoters(fleet.bots, 1);
      await until(() => slowOne !== undefined, 3000);
      const started = Date.now();
      await promoters(fleet.bots, size);
      const others = await until(() => fleet.hook.deliveries.size >= size + 1, 5000);
      const seen = fleet.hook.deliveries.size - 1;
      fleet.hook.answer = HEALTHY;
      return [
        {
          name: 'no head-of-line blocking: the other events arrive while one is slow',
          pass: others,
          detail: `${seen} other events (of at least ${size}) within ${Date.now() - started} ms`,
        },
      ];
    },
  },
  {
    fault: 'failing receiver (500 for 10 s, then healthy)',
    async run(fleet) {
      const from = fleet.bots.map((bot) => bot.lines.length);
      fleet.hook.answer = () => ({ status: 500, delayMs: 0 });
      await promoters(fleet.bots, 6);
      await sleep(10_000);
      fleet.hook.answer = HEALTHY;
      await until(() => outboxEmpty(fleet), 15_000);
      const warnings = fleet.bots.map(
        (bot, i) =>
          bot.lines.slice(from[i]).filter((line) => line.includes('"level":40') && /outbox|deliver/i.test(line)).length,
      );
      return [
        {
          name: 'one warning per receiver state change, not per attempt',
          pass: warnings.every((count) => count <= 2),
          detail: `delivery warnings per bot: ${warnings.join(', ')}`,
        },
      ];
    },
  },
  {
    fault: 'out of memory (noeviction, maxmemory reached)',
    async run(fleet) {
      await squeeze(fleet.redis, 'noeviction', 2 * 1024 * 1024, 0);
      try {
        const replies = await promoters(fleet.bots, 4);
        const refused = replies.filter((reply) => reply === null || reply.status === 503).length;
        const ready = await Promise.all(fleet.bots.map((bot) => fetch(`${bot.base}/readyz`).then((r) => r.status)));
        return [
          {
            name: 'turns answer 503 and /readyz says 503 with them',
            pass: refused > 0 && ready.every((status) => status === 503),
            detail: `${refused} of ${replies.length} turns refused; /readyz ${ready.join(', ')}`,
          },
        ];
      } finally {
        await relax(fleet.redis);
      }
    },
  },
  {
    fault: 'eviction (allkeys-lru, small maxmemory, the second bot restarted)',
    async run(fleet, size) {
      await squeeze(fleet.redis, 'allkeys-lru', 2 * 1024 * 1024, 16 * 1024);
      try {
        const before = await promoters(fleet.bots, size);
        // A restart refills the pool from the survey file: what the eviction lost must not come back.
        await fleet.bots[1]?.stop();
        fleet.bots[1] = await startBot(fleet.envs[1] ?? {});
        const after = await promoters(fleet.bots, size);
        const holders = new Map<string, number>();
        for (const reply of [...before, ...after]) {
          const code = codeOf(reply);
          if (code) holders.set(code, (holders.get(code) ?? 0) + 1);
        }
        const shared = [...holders].filter(([, count]) => count > 1);
        const evicted = Number(/evicted_keys:(\d+)/.exec(await fleet.redis.client.info('stats'))?.[1] ?? 0);
        const listing = await adminGet(fleet.bots[0]?.base ?? '', '/api/responses?limit=1000');
        const body = (listing.json ?? {}) as { responses?: unknown[]; missing?: number };
        const summary = await adminGet(fleet.bots[0]?.base ?? '', '/api/reports/summary');
        const counted = JSON.stringify(summary.json ?? {});
        const listed = body.responses?.length ?? 0;
        const total = Number((summary.json as { total?: number } | undefined)?.total ?? 0);
        // Eviction may take the log itself, and then no listing can see the gap: what must hold is
        // that every response is listed or counted missing, or the loss was said (degraded /readyz).
        const ready = await Promise.all(fleet.bots.map((bot) => fetch(`${bot.base}/readyz`).then((r) => r.text())));
        // The restarted bot read the evicting policy at its start; the other started before it was set.
        const announced = ready.some((body) => body.includes('evicting_policy'));
        const accounted = listed + (body.missing ?? 0);
        return [
          {
            name: 'no reward code goes to two people',
            pass: shared.length === 0,
            detail: `${holders.size} codes given, ${shared.length} to more than one person; ${evicted} keys evicted`,
          },
          {
            name: 'no response is dropped silently: listed or counted missing, or the eviction said in /readyz',
            pass: listing.status === 200 && typeof body.missing === 'number' && (accounted >= total || announced),
            detail:
              `listed ${listed}, missing ${body.missing ?? 'not reported'} of ${total} counted; ` +
              `/readyz ${announced ? 'degraded (evicting_policy) on the restarted bot' : 'not degraded'}; summary ${counted.slice(0, 40)}…`,
          },
        ];
      } finally {
        await relax(fleet.redis);
      }
    },
  },
  {
    fault: 'wiped store (FLUSHALL while running)',
    async run(fleet) {
      await fleet.redis.client.flushall();
      // The bots notice on their own schedule (the store watch ticks every 10 s): wait up to 15 s.
      const wiped = () => fleet.bots.some((bot) => bot.lines.some((line) => /wiped/i.test(line)));
      const said = await until(wiped, 15_000, 250);
      const after = await promoters(fleet.bots, 4);
      const codes = after.filter((reply) => codeOf(reply)).length;
      return [
        { name: 'a log line says the store was wiped', pass: said, detail: said ? 'logged' : 'no line' },
        {
          name: 'the bots stop issuing reward codes',
          pass: codes === 0,
          detail: `${codes} of ${after.length} promoters after the wipe got a code`,
        },
      ];
    },
  },
  {
    fault: 'SIGTERM with a dead stdout pipe and a frozen Redis',
    async run(fleet) {
      const [unread, closed] = fleet.bots;
      unread?.loseLogReader('paused');
      closed?.loseLogReader('closed');
      // Enough logged requests to fill an unread pipe several times over: each line carries a 4 KB URL.
      for (const bot of fleet.bots) {
        const url = `${bot.base}/healthz?pad=${'x'.repeat(4000)}`;
        await Promise.all(
          Array.from({ length: 4 }, async () => {
            for (let i = 0; i < 100; i++) {
              const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).catch(() => null);
              if (!ok) return;
            }
          }),
        );
      }
      void fleet.redis.client.call('DEBUG', 'SLEEP', '20').catch(() => {});
      await sleep(200);
      const started = Date.now();
      for (const bot of fleet.bots) bot.child.kill('SIGTERM');
      const exits = await Promise.all(
        fleet.bots.map((bot) => Promise.race([bot.exited, sleep(20_000).then(() => 'none')])),
      );
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      return [
        {
          name: 'both bots (log pipe unread, log pipe closed) exit within the 10 s deadline',
          pass: exits.every((code) => typeof code === 'number') && Date.now() - started < 15_000,
          detail: `exit codes ${exits.join(', ')} after ${seconds} s`,
        },
      ];
    },
  },
];

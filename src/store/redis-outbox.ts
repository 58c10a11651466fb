/**
 * The Redis store's outbox and dead letters (src/store/contracts/outbox.ts). Events live on
 * their person's shard (written by the turn's own script); claiming, settling and putting a
 * dead letter back are each one single-slot script on that shard.
 */
import type { Cluster, Redis } from 'ioredis';
import type { DeadLetterPage, DeadLetterPosition, PendingEvent, Settlement } from './contracts/outbox.js';
import { earliestFirst, pairs, sharesOfEarliest } from './due-claims.js';
import { compareCursors } from './follow-ups.js';
import { newPending, retriedJson } from './pending.js';
import type { OutboxKeys, RedisKeys } from './redis-keys.js';
import { CLAIM_EVENTS, RETRY_DEAD_LETTER, SETTLE_EVENT } from './redis-scripts.js';
import { deadLetterSchema, parseStored, pendingEventSchema } from './schemas.js';
import { membersPast } from './sorted-pages.js';

type RedisClient = Redis | Cluster;

interface OutboxScripts {
  npsbotClaimEvents(...keysThenArgs: (string | number)[]): Promise<string[]>;
  npsbotSettleEvent(...keysThenArgs: (string | number)[]): Promise<number>;
  npsbotRetryDeadLetter(...keysThenArgs: (string | number)[]): Promise<number>;
}

/** The script's KEYS, in the order every outbox script names them. */
const keysOf = (keys: OutboxKeys) => [keys.events, keys.due, keys.raised, keys.dead, keys.deadAt];

export class RedisOutbox {
  private readonly scripts: OutboxScripts;

  constructor(
    private readonly client: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    client.defineCommand('npsbotClaimEvents', { numberOfKeys: 3, lua: CLAIM_EVENTS });
    client.defineCommand('npsbotSettleEvent', { numberOfKeys: 5, lua: SETTLE_EVENT });
    client.defineCommand('npsbotRetryDeadLetter', { numberOfKeys: 5, lua: RETRY_DEAD_LETTER });
    this.scripts = client as unknown as OutboxScripts;
  }

  async claim(now: number, leaseUntil: number, limit: number): Promise<PendingEvent[]> {
    const sets = this.keys.allShards().map((shard) => ({ shard, key: this.keys.outbox(shard).due }));
    const shares = await sharesOfEarliest(this.client, sets, now, limit);
    const taken = await Promise.all(
      [...shares].map(async ([shard, share]) => {
        const { events, due, raised } = this.keys.outbox(shard);
        const flat = await this.scripts.npsbotClaimEvents(events, due, raised, now, leaseUntil, share);
        return pairs(flat, 3).map(([member = '', at, json = '']) => ({ shard, member, due: Number(at), json }));
      }),
    );
    return taken
      .flat()
      .sort(earliestFirst)
      .flatMap(({ shard, json }) => {
        const pending = parseStored(pendingEventSchema, json);
        return pending ? [{ ...pending, shard }] : [];
      });
  }

  async settle(pending: PendingEvent, settlement: Settlement): Promise<void> {
    const keys = keysOf(this.keys.outbox(pending.shard));
    const id = pending.event.id;
    if (settlement.delivered) {
      await this.scripts.npsbotSettleEvent(...keys, id, 'delivered', '', 0);
    } else if ('deadLetter' in settlement) {
      const letter = JSON.stringify({ event: pending.event, ...settlement.deadLetter });
      await this.scripts.npsbotSettleEvent(...keys, id, 'dead', letter, settlement.deadLetter.deadAt);
    } else {
      const json = retriedJson(pending.event, settlement);
      await this.scripts.npsbotSettleEvent(...keys, id, 'retry', json, settlement.retryAt);
    }
  }

  async backlog(): Promise<number> {
    const counts = await Promise.all(
      this.keys.allShards().map((shard) => this.client.zcard(this.keys.outbox(shard).due)),
    );
    return counts.reduce((sum, count) => sum + count, 0);
  }

  /**
   * The earliest of `raised` (events claimed at least once) and of `due`: an event never claimed
   * is still due at the time it was written, and any other due time is later than its own
   * write time, which `raised` holds.
   */
  async oldestPendingAt(): Promise<number | null> {
    const firsts = await Promise.all(
      this.keys.allShards().flatMap((shard) => {
        const { raised, due } = this.keys.outbox(shard);
        return [raised, due].map((key) => this.client.zrange(key, '0', '0', 'WITHSCORES'));
      }),
    );
    const times = firsts.flatMap((flat) => (flat[1] === undefined ? [] : [Number(flat[1])]));
    return times.length === 0 ? null : Math.min(...times);
  }

  async listDead(after: DeadLetterPosition | null, limit: number): Promise<DeadLetterPage> {
    const from = after ? String(after.at) : '-inf';
    const heads = await Promise.all(
      this.keys
        .allShards()
        .map((shard) =>
          membersPast(this.client, this.keys.outbox(shard).deadAt, shard, from, '+inf', after, limit + 1),
        ),
    );
    const merged = heads.flat().sort(compareCursors);
    const page = merged.slice(0, limit);
    const letters = await Promise.all(page.map(({ id, shard }) => this.client.hget(this.keys.outbox(shard).dead, id)));
    const last = page[page.length - 1];
    return {
      // A letter put back or erased between the two reads leaves a gap in the page, never a wrong one.
      deadLetters: letters.flatMap((json) => (json === null ? [] : (parseStored(deadLetterSchema, json) ?? []))),
      next: merged.length > limit && last ? { at: last.at, id: last.id } : null,
    };
  }

  async deadCount(): Promise<number> {
    const counts = await Promise.all(
      this.keys.allShards().map((shard) => this.client.hlen(this.keys.outbox(shard).dead)),
    );
    return counts.reduce((sum, count) => sum + count, 0);
  }

  async retryDead(id: string, now: number): Promise<boolean> {
    for (const shard of this.keys.allShards()) {
      const keys = this.keys.outbox(shard);
      const json = await this.client.hget(keys.dead, id);
      const letter = json === null ? null : parseStored(deadLetterSchema, json);
      if (!letter) continue;
      const pending = JSON.stringify({ ...newPending(letter.event), done: letter.done });
      return Number(await this.scripts.npsbotRetryDeadLetter(...keysOf(keys), id, pending, now)) === 1;
    }
    return false;
  }
}

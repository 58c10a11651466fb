/** The memory store's reward pools (contracts/rewards.ts): one code per person, never twice. */
import type { Person } from '../engine/types.js';
import type { RewardClaim, RewardPool } from './contracts/rewards.js';

interface Pool {
  available: string[];
  /** Every code ever loaded: what a refill checks, so a code given out never goes back. */
  known: Set<string>;
  claimed: Map<string, string>;
}

const personId = (person: Person) => `${person.channel}:${person.user}`;

export class MemoryRewards implements RewardPool {
  private readonly pools = new Map<string, Pool>();

  get size(): number {
    return this.pools.size;
  }

  async claimReward(surveyId: string, person: Person): Promise<RewardClaim> {
    const pool = this.pool(surveyId);
    const already = pool.claimed.get(personId(person));
    if (already) return { code: already, exhausted: false };
    const code = pool.available.shift();
    if (code === undefined) return { code: null, exhausted: true };
    pool.claimed.set(personId(person), code);
    return { code, exhausted: false };
  }

  async addRewardCodes(surveyId: string, codes: readonly string[]): Promise<number> {
    const pool = this.pool(surveyId);
    let added = 0;
    for (const code of codes) {
      if (pool.known.has(code)) continue;
      pool.known.add(code);
      pool.available.push(code);
      added += 1;
    }
    return added;
  }

  /** Erasure: the person's claim goes, their code stays known so it is never given again. */
  forget(surveyId: string, person: Person): void {
    this.pools.get(surveyId)?.claimed.delete(personId(person));
  }

  private pool(surveyId: string): Pool {
    let pool = this.pools.get(surveyId);
    if (!pool) {
      pool = { available: [], known: new Set(), claimed: new Map() };
      this.pools.set(surveyId, pool);
    }
    return pool;
  }
}

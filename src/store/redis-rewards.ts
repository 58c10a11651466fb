/**
 * The Redis reward pools (contracts/rewards.ts): a claim and a refill are each one Lua call on
 * the pool's own hash tag (redis-scripts.ts), so a code goes to one person only, and a refill
 * never puts back a code already given, even when the record of loaded codes was lost.
 */
import type { Cluster, Redis } from 'ioredis';
import type { Person } from '../engine/types.js';
import type { RewardClaim, RewardPool } from './contracts/rewards.js';
import type { RedisKeys } from './redis-keys.js';
import { ADD_REWARD_CODES, CLAIM_REWARD } from './redis-scripts.js';

interface RewardCommands {
  npsbotClaimReward(pool: string, claimed: string, person: string): Promise<[string, number]>;
  npsbotAddRewardCodes(pool: string, known: string, claimed: string, ...codes: string[]): Promise<number>;
}

/** Codes per script call: a large file is loaded in several atomic steps, each safe on its own. */
const ADD_CODES_BATCH = 1000;

export class RedisRewards implements RewardPool {
  private readonly scripts: RewardCommands;

  constructor(
    client: Redis | Cluster,
    private readonly keys: RedisKeys,
  ) {
    client.defineCommand('npsbotClaimReward', { numberOfKeys: 2, lua: CLAIM_REWARD });
    client.defineCommand('npsbotAddRewardCodes', { numberOfKeys: 3, lua: ADD_REWARD_CODES });
    this.scripts = client as unknown as RewardCommands;
  }

  async claimReward(surveyId: string, person: Person): Promise<RewardClaim> {
    const { pool, claimed } = this.keys.rewards(surveyId);
    const [code, exhausted] = await this.scripts.npsbotClaimReward(pool, claimed, `${person.channel}:${person.user}`);
    return { code: code === '' ? null : code, exhausted: Number(exhausted) === 1 };
  }

  async addRewardCodes(surveyId: string, codes: readonly string[]): Promise<number> {
    const { pool, known, claimed } = this.keys.rewards(surveyId);
    let added = 0;
    for (let start = 0; start < codes.length; start += ADD_CODES_BATCH) {
      const batch = codes.slice(start, start + ADD_CODES_BATCH);
      added += Number(await this.scripts.npsbotAddRewardCodes(pool, known, claimed, ...batch));
    }
    return added;
  }
}

/** The reward pool: codes promoters are given, one per person, never twice. */
import type { Person } from '../../engine/types.js';

export interface RewardClaim {
  code: string | null;
  /** True when the pool had no code left for this person. */
  exhausted: boolean;
}

export interface RewardPool {
  /** Gives this person one code of the survey's pool, the same one if asked again. */
  claimReward(surveyId: string, person: Person): Promise<RewardClaim>;
  /** Adds codes to a survey's pool; codes already in the pool or given out are not added again. */
  addRewardCodes(surveyId: string, codes: readonly string[]): Promise<number>;
}

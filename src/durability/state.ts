/**
 * What this process knows about its store's durability, for /readyz and the engine. A concern
 * is noted at start-up (the server's settings) or while running (a wiped store) and stays
 * until the process restarts: the operator decides when it is safe again.
 */

export type DurabilityConcern = 'no_persistence' | 'evicting_policy' | 'store_wiped';

/** Said by /readyz next to each concern (docs/operations.md). */
export const CONCERN_MESSAGES: Readonly<Record<DurabilityConcern, string>> = {
  no_persistence:
    'Redis keeps neither an append-only file nor RDB snapshots: responses would not survive a Redis restart',
  evicting_policy:
    'Redis evicts keys when memory is full (maxmemory-policy): responses can be lost; reward codes are withheld',
  store_wiped: 'the store was wiped while this process ran: reward codes are withheld until it restarts',
};

/** With these, a code given out may be forgotten and handed out again: none is given at all. */
const WITHHOLDS_REWARDS: readonly DurabilityConcern[] = ['evicting_policy', 'store_wiped'];

export class DurabilityState {
  private readonly concerns = new Set<DurabilityConcern>();

  note(concern: DurabilityConcern): void {
    this.concerns.add(concern);
  }

  has(concern: DurabilityConcern): boolean {
    return this.concerns.has(concern);
  }

  list(): DurabilityConcern[] {
    return [...this.concerns];
  }

  withholdsRewards(): boolean {
    return WITHHOLDS_REWARDS.some((concern) => this.concerns.has(concern));
  }
}

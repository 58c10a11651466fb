/**
 * Token buckets keyed by session or client address. In-process: with several bot processes
 * each keeps its own, so the effective limit is per process (put a shared limiter in front
 * for a strict global one).
 */

export interface BucketPolicy {
  /** How many requests may come at once. */
  burst: number;
  /** How many more are allowed per second after that. */
  perSecond: number;
}

const MAX_TRACKED = 50_000;

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly policy: BucketPolicy,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Takes one token; returns 0 when allowed, else the seconds until the next token. */
  take(key: string): number {
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: this.policy.burst, at: now };
    const refilled = Math.min(this.policy.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.policy.perSecond);
    this.buckets.delete(key); // re-insert so the map's order is least recently used first
    if (refilled < 1) {
      this.buckets.set(key, { tokens: refilled, at: now });
      return Math.ceil((1 - refilled) / this.policy.perSecond);
    }
    this.buckets.set(key, { tokens: refilled - 1, at: now });
    if (this.buckets.size > MAX_TRACKED) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return 0;
  }
}

/**
 * Prometheus metrics (GET /metrics): turns and their latency by channel, responses by
 * category, store errors and bugs (apart), and the webhook backlog. One registry per app, so tests and
 * several apps in one process do not share counters.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { EngineObserver } from './engine/engine.js';

export class Metrics {
  readonly registry = new Registry();
  private readonly turns = new Counter({
    name: 'npsbot_turns_total',
    help: 'Conversation turns handled, by channel and outcome',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly turnSeconds = new Histogram({
    name: 'npsbot_turn_duration_seconds',
    help: 'Time to handle one turn, store included',
    labelNames: ['channel'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly responses = new Counter({
    name: 'npsbot_responses_total',
    help: 'Scores recorded, by category',
    labelNames: ['category'] as const,
    registers: [this.registry],
  });
  private readonly storeErrors = new Counter({
    name: 'npsbot_store_errors_total',
    help: 'Turns that failed because the store could not be reached',
    registers: [this.registry],
  });
  private readonly bugs = new Counter({
    name: 'npsbot_turn_bugs_total',
    help: 'Turns that failed with a bug in npsbot (not a store outage); each is logged',
    registers: [this.registry],
  });
  private readonly poolExhausted = new Counter({
    name: 'npsbot_reward_pool_exhausted_total',
    help: 'Times a promoter found the reward pool empty (first per process)',
    registers: [this.registry],
  });
  readonly storeWiped = new Counter({
    name: 'npsbot_store_wiped_total',
    help: 'Times this process found its store wiped (its identity gone or changed); docs/operations.md',
    registers: [this.registry],
  });
  private readonly rewardsWithheld = new Counter({
    name: 'npsbot_reward_codes_withheld_total',
    help: 'Promoters given no reward code because the store may forget given codes (evicting policy or a wipe)',
    registers: [this.registry],
  });

  private readonly followUpEvents = new Counter({
    name: 'npsbot_follow_up_changes_total',
    help: 'Follow-up changes saved by this process, by event type (followup.opened, followup.replied, ...)',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  constructor(
    backlog: () => Promise<number>,
    followUps?: () => Promise<Record<'open' | 'claimed' | 'resolved' | 'waitingPastDue', number>>,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'npsbot_' });
    if (followUps) {
      new Gauge({
        name: 'npsbot_follow_ups',
        help: 'Follow-ups by status (open, claimed, resolved) and waiting_past_due: unanswered past their promise',
        labelNames: ['status'] as const,
        registers: [this.registry],
        async collect() {
          const counts = await followUps().catch(() => null);
          if (!counts) return;
          this.set({ status: 'open' }, counts.open);
          this.set({ status: 'claimed' }, counts.claimed);
          this.set({ status: 'resolved' }, counts.resolved);
          this.set({ status: 'waiting_past_due' }, counts.waitingPastDue);
        },
      });
    }
    new Gauge({
      name: 'npsbot_webhook_backlog',
      help: 'Outgoing events (webhooks, escalations) waiting for delivery',
      registers: [this.registry],
      async collect() {
        this.set(await backlog().catch(() => -1));
      },
    });
  }

  /** Counts the follow-up changes among events a turn or an agent's action saved. */
  countFollowUpChanges(events: readonly { type: string }[]): void {
    for (const event of events) if (event.type.startsWith('followup.')) this.followUpEvents.inc({ type: event.type });
  }

  /** The engine's hooks, feeding the counters above. */
  observer(): EngineObserver {
    return {
      turn: (channel, outcome, seconds) => {
        this.turns.inc({ channel, outcome });
        this.turnSeconds.observe({ channel }, seconds);
      },
      responseRecorded: (category) => this.responses.inc({ category }),
      storeError: () => this.storeErrors.inc(),
      bug: () => this.bugs.inc(),
      rewardPoolExhausted: () => this.poolExhausted.inc(),
      rewardWithheld: () => this.rewardsWithheld.inc(),
    };
  }
}

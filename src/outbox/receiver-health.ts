/**
 * Logs a sink's receiver by its state, not by its attempts: one warning when it starts failing,
 * one info line when it takes events again (with how many attempts failed and how many events
 * were dead-lettered meanwhile), and each attempt's detail at debug. A receiver down for an
 * hour at 55 events a second is two lines, not a flood. The state is this process's view.
 */
import type { Logger } from 'pino';

interface Failing {
  since: number;
  failedAttempts: number;
  deadLettered: number;
}

export class ReceiverHealth {
  private readonly failing = new Map<string, Failing>();

  constructor(
    private readonly logger: Logger,
    private readonly clock: () => number,
  ) {}

  isFailing(sink: string): boolean {
    return this.failing.has(sink);
  }

  delivered(sink: string, event: string): void {
    this.logger.debug({ sink, event }, 'outbox: delivered');
    const state = this.failing.get(sink);
    if (!state) return;
    this.failing.delete(sink);
    this.logger.info(
      {
        sink,
        failedAttempts: state.failedAttempts,
        deadLettered: state.deadLettered,
        failingForMs: this.clock() - state.since,
      },
      `outbox: ${sink} is taking events again after ${state.failedAttempts} failed attempts`,
    );
  }

  failed(sink: string, event: string, error: string, attempt: number, deadLettered: boolean): void {
    this.logger.debug({ sink, event, attempt, error, deadLettered }, 'outbox: delivery failed');
    const state = this.failing.get(sink);
    if (state) {
      state.failedAttempts += 1;
      if (deadLettered) state.deadLettered += 1;
      return;
    }
    this.failing.set(sink, { since: this.clock(), failedAttempts: 1, deadLettered: deadLettered ? 1 : 0 });
    this.logger.warn(
      { sink, event, error },
      `outbox: ${sink} is failing (${error}); events are retried with back-off, further failures are logged at debug level until it recovers`,
    );
  }
}

/**
 * Where outgoing events (responses, escalations) go: sinks such as the webhook and the Slack
 * escalation post. A sink throws to have the event retried later, or throws a
 * `PermanentDeliveryError` when retrying cannot help (the event then goes to the dead letters).
 * Delivery itself is the dispatcher's job (dispatcher.ts), and so is the time limit: a sink
 * is given a signal that aborts when the attempt is abandoned, and should pass it on to its I/O.
 */
import type { OutgoingEvent } from '../store/types.js';

export interface EventSink {
  /** Stable: it is recorded with each event the sink has taken, so retries skip it. */
  readonly name: string;
  /** Which events this sink wants. */
  accepts(event: OutgoingEvent): boolean;
  deliver(event: OutgoingEvent, signal?: AbortSignal): Promise<void>;
  /** A sink that is part of the bot (follow-up replies), not an outside listener: it alone does not make turns write events. */
  readonly internal?: boolean;
}

export class PermanentDeliveryError extends Error {
  readonly code = 'permanent_delivery_failure';
}

export class DeliveryTimeoutError extends Error {
  readonly code = 'delivery_timeout';
}

/**
 * One attempt of one sink, abandoned after `timeoutMs`: the sink's signal aborts (so a fetch is
 * cut) and the attempt fails with a `DeliveryTimeoutError` even if the sink ignores the signal.
 */
export async function deliverWithin(sink: EventSink, event: OutgoingEvent, timeoutMs: number): Promise<void> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new DeliveryTimeoutError(`no answer within ${timeoutMs} ms`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  const delivery = sink.deliver(event, controller.signal);
  // Once abandoned, how the sink's own promise ends no longer matters (and must not go unhandled).
  delivery.catch(() => {});
  try {
    await Promise.race([delivery, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

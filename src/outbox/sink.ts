/**
 * Where outgoing events (responses, escalations) go: sinks such as the webhook and the Slack
 * escalation post. A sink throws to have the event retried later, or throws a
 * `PermanentDeliveryError` when retrying cannot help (the event is then dropped and logged).
 * Delivery itself is the dispatcher's job (dispatcher.ts).
 */
import type { OutgoingEvent } from '../store/types.js';

export interface EventSink {
  /** Stable: it is recorded with each event the sink has taken, so retries skip it. */
  readonly name: string;
  /** Which events this sink wants. */
  accepts(event: OutgoingEvent): boolean;
  deliver(event: OutgoingEvent): Promise<void>;
}

export class PermanentDeliveryError extends Error {
  readonly code = 'permanent_delivery_failure';
}

/**
 * Where outgoing events (responses, escalations) go after the turn that raised them is saved.
 * Sinks are the webhook and the Slack escalation post. Delivery here is in-process and
 * best-effort; the durable outbox that retries and survives restarts replaces `publish`.
 */
import type { Logger } from 'pino';
import type { OutgoingEvent } from './store/types.js';

export interface EventSink {
  readonly name: string;
  /** Which events this sink wants. */
  accepts(event: OutgoingEvent): boolean;
  deliver(event: OutgoingEvent): Promise<void>;
}

export class EventBus {
  private readonly sinks: EventSink[] = [];

  constructor(private readonly logger: Logger) {}

  add(sink: EventSink): void {
    this.sinks.push(sink);
  }

  /** Hands each event to every sink that wants it, without holding up the turn. */
  publish(events: readonly OutgoingEvent[]): void {
    for (const event of events) {
      for (const sink of this.sinks) {
        if (!sink.accepts(event)) continue;
        sink.deliver(event).catch((error: unknown) => {
          this.logger.warn({ err: error, sink: sink.name, event: event.id }, 'event delivery failed');
        });
      }
    }
  }
}

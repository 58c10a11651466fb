/**
 * Delivers events to WEBHOOK_URL (docs/closing-the-loop.md), signed per Standard Webhooks
 * (./standard-webhooks.ts): `webhook-id` is the event id, the same on every retry, so
 * receivers dedupe on it; the timestamp is the time of this attempt, so a receiver's replay
 * window holds for retries too. 2xx is delivered; 408, 429, 5xx and network failures are
 * retried; any other 4xx means the receiver refuses this event for good, so it goes straight to
 * the dead letters (Formbricks' rule: retry with back-off, drop a permanent 4xx). The attempt's
 * time limit is the dispatcher's (`OUTBOX_TIMEOUT_MS`), passed in as the signal.
 */

import type { OutgoingEvent } from '../store/types.js';
import { type EventSink, PermanentDeliveryError } from './sink.js';
import { signDelivery } from './standard-webhooks.js';

export class WebhookSink implements EventSink {
  readonly name = 'webhook';

  constructor(
    private readonly url: string,
    /** The key bytes of the `whsec_…` secret. */
    private readonly key: Buffer,
    private readonly clock: () => number = Date.now,
    private readonly send: typeof fetch = fetch,
  ) {}

  accepts(): boolean {
    return true;
  }

  async deliver(event: OutgoingEvent, signal?: AbortSignal): Promise<void> {
    const body = JSON.stringify(event);
    const response = await this.send(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'npsbot-webhook',
        ...signDelivery(this.key, event.id, Math.floor(this.clock() / 1000), body),
      },
      body,
      ...(signal ? { signal } : {}),
    });
    await response.body?.cancel();
    if (response.ok) return;
    const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
    const message = `webhook answered ${response.status} for event ${event.id}`;
    throw retryable ? new Error(message) : new PermanentDeliveryError(message);
  }
}

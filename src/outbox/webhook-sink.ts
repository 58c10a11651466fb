/**
 * Delivers events to WEBHOOK_URL (see docs/closing-the-loop.md): the JSON body signed with HMAC-SHA256 in
 * `X-Npsbot-Signature: sha256=<hex>`, the event id in `X-Npsbot-Event-Id` (and the body) for
 * receivers to dedupe. 2xx is delivered; 408, 429, 5xx and network failures are retried; any
 * other 4xx means the receiver refuses this event for good, so it is dropped (and logged).
 */
import { createHmac } from 'node:crypto';
import { type EventSink, PermanentDeliveryError } from './sink.js';
import type { OutgoingEvent } from '../store/types.js';

const TIMEOUT_MS = 10_000;

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export class WebhookSink implements EventSink {
  readonly name = 'webhook';

  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly send: typeof fetch = fetch,
  ) {}

  accepts(): boolean {
    return true;
  }

  async deliver(event: OutgoingEvent): Promise<void> {
    const body = JSON.stringify(event);
    const response = await this.send(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'npsbot-webhook',
        'x-npsbot-signature': signBody(this.secret, body),
        'x-npsbot-event-id': event.id,
        'x-npsbot-event-type': event.type,
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.ok) return;
    const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
    const message = `webhook answered ${response.status} for event ${event.id}`;
    throw retryable ? new Error(message) : new PermanentDeliveryError(message);
  }
}

/**
 * Signing per the Standard Webhooks specification, so receivers verify deliveries with any
 * Standard Webhooks library: the secret is `whsec_` + base64 key bytes; each delivery carries
 * `webhook-id` (the event id, stable across retries), `webhook-timestamp` (seconds) and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
 */
import { createHmac } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';
/** Standard Webhooks recommends keys of 24 to 64 bytes; shorter keys are refused at start-up. */
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The key bytes of a `whsec_…` secret, or why it is not one (for a one-line start-up error). */
export function parseWebhookSecret(secret: string): { key: Buffer } | { problem: string } {
  if (!secret.startsWith(SECRET_PREFIX)) return { problem: `expected the whsec_<base64> form` };
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) {
    return { problem: 'the part after whsec_ is not base64' };
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
    return { problem: `expected a key of ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES} bytes, got ${key.length}` };
  }
  return { key };
}

export function signDelivery(key: Buffer, id: string, timestampSeconds: number, body: string): SignedHeaders {
  const timestamp = String(timestampSeconds);
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}

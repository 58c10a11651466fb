/**
 * Signed things of the web chat, all HMAC-SHA256 with WEBCHAT_SECRET and checked in constant
 * time: a visitor identity (`signature` = hex HMAC of `user`, made by the site's backend) and
 * the bearer session token the bot hands out (session id and user, verifiable without a lookup).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SessionClaims {
  sessionId: string;
  user: string;
}

function mac(secret: string, text: string): Buffer {
  return createHmac('sha256', secret).update(text).digest();
}

function equal(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What a site's backend computes to vouch for its logged-in visitor. */
export function signIdentity(secret: string, user: string): string {
  return mac(secret, user).toString('hex');
}

export function identityIsSigned(secret: string, user: string, signature: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(signature)) return false;
  return equal(mac(secret, user), Buffer.from(signature, 'hex'));
}

export function issueSessionToken(secret: string, claims: SessionClaims): string {
  const payload = Buffer.from(JSON.stringify({ s: claims.sessionId, u: claims.user })).toString('base64url');
  return `${payload}.${mac(secret, `session:${payload}`).toString('base64url')}`;
}

export function readSessionToken(secret: string, token: string): SessionClaims | undefined {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  if (!equal(mac(secret, `session:${payload}`), Buffer.from(signature, 'base64url'))) return undefined;
  try {
    const { s, u } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { s?: unknown; u?: unknown };
    return typeof s === 'string' && typeof u === 'string' ? { sessionId: s, user: u } : undefined;
  } catch {
    return undefined;
  }
}

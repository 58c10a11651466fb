/**
 * Signed things of the web chat, all HMAC-SHA256 and checked in constant time (docs/webchat.md):
 * - a visitor identity, made by the site's backend: `signature` = hex HMAC of `user` with
 *   WEBCHAT_SECRET itself, or of `user.expires` when the page also passes `expires` (epoch
 *   seconds), after which the signature no longer opens a session;
 * - the bearer session token the bot hands out (session id and user, verifiable without a
 *   lookup), under a key derived from the secret for that purpose alone, so a session token's
 *   MAC is never a valid identity signature.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SessionClaims {
  sessionId: string;
  user: string;
}

/** The keys of one secret, one per purpose. */
export interface WebchatKeys {
  /** WEBCHAT_SECRET as is: the identity rule operators compute on their servers. */
  identity: string;
  sessionToken: Buffer;
  /**
   * Session tokens already checked under this key, and what they claim: a token cannot change
   * and never stops being valid, so its HMAC is computed once per process, not on every message.
   * Emptied when full, so it stays small.
   */
  checked: Map<string, SessionClaims>;
}

const CHECKED_KEPT = 10_000;

const SESSION_TOKEN_PURPOSE = 'npsbot webchat session-token key v1';

function mac(key: string | Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest();
}

function equal(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function webchatKeys(secret: string): WebchatKeys {
  return { identity: secret, sessionToken: mac(secret, SESSION_TOKEN_PURPOSE), checked: new Map() };
}

/** What a site's backend computes to vouch for its logged-in visitor (with `expires`, until then). */
export function signIdentity(secret: string, user: string, expires?: number): string {
  return mac(secret, expires === undefined ? user : `${user}.${expires}`).toString('hex');
}

export type IdentityCheck = 'signed' | 'forged' | 'expired';

export function checkIdentity(
  keys: WebchatKeys,
  claim: { user: string; signature: string; expires?: number | undefined },
  nowSeconds: number,
): IdentityCheck {
  if (!/^[0-9a-f]{64}$/i.test(claim.signature)) return 'forged';
  const expected = Buffer.from(signIdentity(keys.identity, claim.user, claim.expires), 'hex');
  if (!equal(expected, Buffer.from(claim.signature, 'hex'))) return 'forged';
  return claim.expires !== undefined && claim.expires <= nowSeconds ? 'expired' : 'signed';
}

export function issueSessionToken(keys: WebchatKeys, claims: SessionClaims): string {
  const payload = Buffer.from(JSON.stringify({ s: claims.sessionId, u: claims.user })).toString('base64url');
  const token = `${payload}.${mac(keys.sessionToken, `session:${payload}`).toString('base64url')}`;
  // Made here, so known good: the session's first message need not compute its MAC again.
  remember(keys, token, { sessionId: claims.sessionId, user: claims.user });
  return token;
}

function remember(keys: WebchatKeys, token: string, claims: SessionClaims): void {
  if (keys.checked.size >= CHECKED_KEPT) keys.checked.clear();
  keys.checked.set(token, claims);
}

export function readSessionToken(keys: WebchatKeys, token: string): SessionClaims | undefined {
  const known = keys.checked.get(token);
  if (known) return known;
  const claims = verifySessionToken(keys, token);
  if (claims) remember(keys, token, claims);
  return claims;
}

function verifySessionToken(keys: WebchatKeys, token: string): SessionClaims | undefined {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  if (!equal(mac(keys.sessionToken, `session:${payload}`), Buffer.from(signature, 'base64url'))) return undefined;
  try {
    const { s, u } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { s?: unknown; u?: unknown };
    return typeof s === 'string' && typeof u === 'string' ? { sessionId: s, user: u } : undefined;
  } catch {
    return undefined;
  }
}

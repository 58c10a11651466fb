/**
 * Dashboard sign-in sessions: a short-lived cookie instead of the admin token in the browser.
 * The cookie holds its expiry, a random id and an HMAC under a key derived from ADMIN_TOKEN,
 * so any process of the deployment can check it without a shared session table, and changing
 * ADMIN_TOKEN ends every session. HttpOnly (page scripts cannot read it), SameSite=Strict (no
 * other site's page makes the browser send it), Secure when the browser reached us over TLS.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type restify from 'restify';
import type { SessionCheck } from '../http/admin-auth.js';

export const SESSION_COOKIE = 'npsbot_session';
/** One hour: long enough for a look at the numbers, short enough that a forgotten tab signs out. */
export const SESSION_SECONDS = 3600;
const PURPOSE = 'npsbot dashboard session key v1';

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

export class DashboardSessions implements SessionCheck {
  private readonly key: Buffer;

  constructor(
    adminToken: string,
    private readonly clock: () => number = Date.now,
  ) {
    this.key = createHmac('sha256', adminToken).update(PURPOSE).digest();
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }

  /** A new session's cookie value. */
  issue(): string {
    const body = `${Math.floor(this.clock() / 1000) + SESSION_SECONDS}.${randomBytes(16).toString('base64url')}`;
    return `${body}.${this.mac(body)}`;
  }

  isValid(value: string | undefined): boolean {
    const [expires, id, mac, extra] = (value ?? '').split('.');
    if (!expires || !id || !mac || extra !== undefined || !/^\d+$/.test(expires)) return false;
    const expected = Buffer.from(this.mac(`${expires}.${id}`));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
    return Number(expires) * 1000 > this.clock();
  }

  isSignedIn(req: Pick<restify.Request, 'header'>): boolean {
    return this.isValid(cookieValue(req.header('cookie'), SESSION_COOKIE));
  }

  /** `Set-Cookie` for a sign-in; `secure` when the browser came over TLS. */
  setCookie(value: string, secure: boolean): string {
    return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${SESSION_SECONDS}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
  }

  /** `Set-Cookie` that makes the browser forget the session. */
  clearCookie(secure: boolean): string {
    return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
  }
}

/**
 * Lets a browser in with ADMIN_TOKEN: a browser cannot add a bearer header to a page it is
 * navigating to, so the dashboard also accepts HTTP Basic credentials whose password is the
 * token (any user name). The browser asks for them once and then sends them with the page's
 * own requests to the report routes. Everything else goes to the admin guard unchanged.
 * Only read-only routes use this: a cached Basic login must not be able to change anything.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type restify from 'restify';
import { sendError } from '../http/errors.js';

function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The password of a `Basic` authorization header, or null. */
export function basicPassword(header: string | undefined): string | null {
  const encoded = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '')?.[1];
  if (!encoded) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : null;
}

export interface BrowserLoginOptions {
  /** Ask the browser for credentials when none were sent (the page itself, not the data routes). */
  challenge?: boolean;
}

export function browserLogin(
  adminToken: string | undefined,
  guard: restify.RequestHandler,
  { challenge = false }: BrowserLoginOptions = {},
): restify.RequestHandler {
  return (req, res, next) => {
    const header = req.header('authorization');
    const password = basicPassword(header);
    if (adminToken && password !== null && sameToken(password, adminToken)) return next();
    // No credentials, or a wrong Basic password: ask again, so the browser shows its sign-in box.
    if (adminToken && challenge && (!header || password !== null)) {
      res.header('WWW-Authenticate', 'Basic realm="npsbot", charset="UTF-8"');
      sendError(res, 'unauthorized', 'sign in with ADMIN_TOKEN as the password (any user name)');
      return next(false);
    }
    return guard(req, res, next);
  };
}

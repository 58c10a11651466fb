/**
 * Lets a browser in with ADMIN_TOKEN: a browser cannot add a bearer header to a page it is
 * navigating to, so the dashboard also accepts HTTP Basic credentials whose password is the
 * token (any user name). The browser asks for them once and then sends them with the page's
 * own requests to the report routes. Everything else goes to the admin guard unchanged.
 * Read-only routes use `browserLogin`. The follow-up actions use `browserAction`: a cached Basic
 * login is sent by the browser with any site's form, so an action signed in that way must also
 * carry the dashboard's own header, which no other site can add without a CORS preflight that
 * this server never grants.
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

/** The header the dashboard's script adds to its actions (docs/closing-the-loop.md, "The queue on the dashboard"). */
export const DASHBOARD_HEADER = 'x-npsbot-dashboard';

/** Like `browserLogin` for routes that change something: Basic sign-in counts only with the dashboard's header. */
export function browserAction(adminToken: string | undefined, guard: restify.RequestHandler): restify.RequestHandler {
  return (req, res, next) => {
    const password = basicPassword(req.header('authorization'));
    if (password === null) return guard(req, res, next);
    if (adminToken && sameToken(password, adminToken) && req.header(DASHBOARD_HEADER) === '1') return next();
    sendError(res, 'unauthorized', `a Basic sign-in may act only from the dashboard (the ${DASHBOARD_HEADER} header)`);
    return next(false);
  };
}

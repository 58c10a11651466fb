/**
 * Guards the admin routes (`/api/*` except the Bot Framework's `/api/messages`, and
 * `/dashboard`): a bearer ADMIN_TOKEN, compared in constant time. Without a token configured
 * only requests from this machine (loopback) are let in, so a fresh install is not open.
 * A request that carries a reverse proxy's forwarding header is not "from this machine" even
 * when the proxy connects over loopback: behind nginx on the same host every visitor would
 * otherwise look local.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type restify from 'restify';
import { sendError } from './errors.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function sameToken(given: string, expected: string): boolean {
  // Hash both so the comparison takes the same time whatever the lengths.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/** True for a request made directly from this machine, not relayed by a proxy. */
export function isLoopback(req: restify.Request): boolean {
  if (FORWARDING_HEADERS.some((name) => req.header(name) !== undefined)) return false;
  return LOOPBACK.test(req.socket.remoteAddress ?? '');
}

export function adminGuard(adminToken: string | undefined): restify.RequestHandler {
  return (req, res, next) => {
    const header = req.header('authorization') ?? '';
    const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const allowed = adminToken ? bearer !== undefined && sameToken(bearer, adminToken) : isLoopback(req);
    if (allowed) return next();
    res.header('WWW-Authenticate', 'Bearer realm="npsbot"');
    sendError(
      res,
      'unauthorized',
      adminToken
        ? 'a valid "Authorization: Bearer <ADMIN_TOKEN>" header is required'
        : 'set ADMIN_TOKEN to use the admin API from another machine',
    );
    return next(false);
  };
}

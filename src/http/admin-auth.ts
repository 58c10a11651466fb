/**
 * Guards the admin routes (`/api/*` except the Bot Framework's `/api/messages`, and
 * `/dashboard`): a bearer ADMIN_TOKEN, compared in constant time. Without a token configured
 * only requests from this machine (loopback) are let in, so a fresh install is not open.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type restify from 'restify';
import { sendError } from './server.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function sameToken(given: string, expected: string): boolean {
  // Hash both so the comparison takes the same time whatever the lengths.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function isLoopback(req: restify.Request): boolean {
  return LOOPBACK.test(req.socket.remoteAddress ?? '');
}

export function adminGuard(adminToken: string | undefined): restify.RequestHandler {
  return (req, res, next) => {
    const header = req.header('authorization') ?? '';
    const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const allowed = adminToken ? bearer !== undefined && sameToken(bearer, adminToken) : isLoopback(req);
    if (allowed) return next();
    res.header('WWW-Authenticate', 'Bearer realm="npsbot"');
    sendError(res, {
      status: 401,
      error: 'unauthorized',
      message: adminToken
        ? 'a valid "Authorization: Bearer <ADMIN_TOKEN>" header is required'
        : 'set ADMIN_TOKEN to use the admin API from another machine',
    });
    return next(false);
  };
}

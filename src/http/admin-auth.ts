/**
 * Guards the admin routes (`/api/*` except the Bot Framework's `/api/messages`, `/dashboard`,
 * and `/metrics` without METRICS_TOKEN); docs/security.md explains each rule.
 * - With ADMIN_TOKEN: a bearer token compared in constant time, or a dashboard session cookie.
 * - Without it: only this machine — a loopback peer (or a loopback client named by a proxy in
 *   TRUST_PROXY) whose `Host` names loopback or this server's own address, so a page elsewhere
 *   that rebinds its DNS name to 127.0.0.1 is refused. A forwarding header from a proxy that is
 *   not trusted means "someone else": behind nginx on the same host every visitor would
 *   otherwise look local.
 * - State-changing requests (POST, PUT, PATCH, DELETE) from a browser on another site are
 *   refused, and POST/PUT/PATCH must carry `application/json` (or `text/csv`): a form or a
 *   `text/plain` body is what another site's page can send without asking first.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { type BlockList, isIP } from 'node:net';
import type restify from 'restify';
import { requestOrigin } from './client-address.js';
import { type ErrorCode, sendError } from './errors.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** Bodies a page on another site cannot send without a CORS preflight, which these routes never grant. */
const ADMIN_BODY_TYPES = new Set(['application/json', 'text/csv']);

export function sameToken(given: string, expected: string): boolean {
  // Hash both so the comparison takes the same time whatever the lengths.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function bearerOf(req: Pick<restify.Request, 'header'>): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '')?.[1]?.trim();
}

type GuardedRequest = Pick<restify.Request, 'socket' | 'header'>;

/** True for a request made from this machine: directly, or relayed by a trusted proxy for a loopback client. */
export function isLoopback(req: GuardedRequest, trustProxy: BlockList): boolean {
  const origin = requestOrigin(req, trustProxy);
  if (origin.forwarded) return LOOPBACK.test(origin.address);
  if (FORWARDING_HEADERS.some((name) => req.header(name) !== undefined)) return false;
  return LOOPBACK.test(req.socket.remoteAddress ?? '');
}

/** The host name of a `Host` header, without port or IPv6 brackets, lower-cased. */
export function hostName(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) return bracketed[1]?.toLowerCase();
  return host.replace(/:\d+$/, '').toLowerCase();
}

/** Does `Host` name loopback or the address this connection reached? (Not a DNS name pointed here.) */
export function hostIsThisServer(req: GuardedRequest): boolean {
  const name = hostName(req.header('host'));
  if (!name) return false;
  if (name === 'localhost' || (isIP(name) !== 0 && LOOPBACK.test(name))) return true;
  const local = (req.socket.localAddress ?? '').replace(/^::ffff:(?=\d+\.)/i, '');
  return local !== '' && name === local.toLowerCase();
}

/** A request from a browser on another site: `Sec-Fetch-Site` says so, or `Origin` is not this host. */
export function isCrossSite(req: GuardedRequest): boolean {
  // Browsers that send Sec-Fetch-Site say exactly this; it also survives a proxy rewriting Host.
  const site = req.header('sec-fetch-site');
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = req.header('origin');
  if (origin === undefined) return false;
  if (!URL.canParse(origin)) return true;
  return new URL(origin).host.toLowerCase() !== (req.header('host') ?? '').toLowerCase();
}

export function mediaType(req: Pick<restify.Request, 'header'>): string {
  return (req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Checks a dashboard session cookie; the guard takes it as well as the bearer token. */
export interface SessionCheck {
  isSignedIn(req: Pick<restify.Request, 'header'>): boolean;
}

export interface AdminGuardOptions {
  adminToken: string | undefined;
  trustProxy: BlockList;
  sessions?: SessionCheck | undefined;
}

type Refusal = { error: ErrorCode; message: string };

function authenticate(req: restify.Request, { adminToken, trustProxy, sessions }: AdminGuardOptions): Refusal | null {
  if (adminToken) {
    const bearer = bearerOf(req);
    if (bearer !== undefined && sameToken(bearer, adminToken)) return null;
    if (sessions?.isSignedIn(req)) return null;
    return {
      error: 'unauthorized',
      message: 'a valid "Authorization: Bearer <ADMIN_TOKEN>" header (or a dashboard sign-in) is required',
    };
  }
  if (!isLoopback(req, trustProxy)) {
    return { error: 'unauthorized', message: 'set ADMIN_TOKEN to use the admin API from another machine' };
  }
  if (!hostIsThisServer(req)) {
    return {
      error: 'host_not_allowed',
      message: 'without ADMIN_TOKEN the admin API answers only requests addressed to localhost or this server',
    };
  }
  return null;
}

/** What a state-changing request must look like to be taken for the operator's own. */
function crossSiteRefusal(req: restify.Request): Refusal | null {
  const method = req.method ?? '';
  if (SAFE_METHODS.has(method)) return null;
  if (isCrossSite(req)) {
    return { error: 'cross_site', message: 'admin changes are not accepted from pages on other sites' };
  }
  if (BODY_METHODS.has(method) && !ADMIN_BODY_TYPES.has(mediaType(req))) {
    return {
      error: 'unsupported_media_type',
      message: 'send the body as "Content-Type: application/json" (the bulk route also takes text/csv)',
    };
  }
  return null;
}

export function adminGuard(options: AdminGuardOptions): restify.RequestHandler {
  return (req, res, next) => {
    const refusal = authenticate(req, options) ?? crossSiteRefusal(req);
    if (!refusal) return next();
    if (refusal.error === 'unauthorized') res.header('WWW-Authenticate', 'Bearer realm="npsbot"');
    sendError(res, refusal.error, refusal.message);
    return next(false);
  };
}

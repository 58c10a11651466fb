/**
 * Signing in to the dashboard with ADMIN_TOKEN and out again (docs/security.md): the sign-in
 * page a browser gets instead of the dashboard, `POST /dashboard/session { token }` that swaps
 * the token for a session cookie, and `DELETE /dashboard/session` that ends it.
 */
import type { BlockList } from 'node:net';
import type { Logger } from 'pino';
import restify from 'restify';
import { z } from 'zod';
import { bearerOf, isCrossSite, mediaType, sameToken } from '../http/admin-auth.js';
import { parseBody } from '../http/admin-routes.js';
import { cameOverTls } from '../http/client-address.js';
import { RequestError } from '../http/errors.js';
import { jsonRoute } from '../http/route.js';
import type { DashboardSessions } from './session.js';

export const SIGN_IN_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · NPS dashboard</title>
<link rel="icon" href="/favicon.ico">
<style>
body { font: 15px/1.45 system-ui, sans-serif; background: #f5f7fa; color: #1f2933; display: grid; place-items: center; min-height: 100vh; margin: 0; }
form { background: #fff; border: 1px solid #e4e7eb; border-radius: 10px; padding: 24px; display: grid; gap: 12px; width: min(340px, 90vw); }
h1 { margin: 0; font-size: 18px; }
input, button { font: inherit; padding: 8px 10px; border-radius: 6px; border: 1px solid #8a949e; }
:focus-visible { outline: 3px solid #1a56db; outline-offset: 2px; }
button { background: #3e4c59; color: #fff; border-color: #3e4c59; cursor: pointer; }
#problem { color: #8a1c1c; min-height: 1.4em; margin: 0; }
</style>
</head>
<body>
<main>
<form id="sign-in" aria-labelledby="sign-in-title">
  <h1 id="sign-in-title">NPS dashboard</h1>
  <label for="token">Admin token</label>
  <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
  <button type="submit">Sign in</button>
  <p id="problem" role="alert"></p>
</form>
</main>
<script src="/dashboard/sign-in.js" defer></script>
</body>
</html>
`;

export const SIGN_IN_SCRIPT = `"use strict";
document.getElementById('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  const problem = document.getElementById('problem');
  problem.textContent = '';
  const token = document.getElementById('token').value;
  const answer = await fetch('/dashboard/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  }).catch(() => null);
  if (answer && answer.ok) return window.location.reload();
  const body = answer ? await answer.json().catch(() => null) : null;
  problem.textContent = (body && body.message) || 'the server cannot be reached';
});
`;

const signInRequest = z.strictObject({ token: z.string().min(1).max(1000) });

export interface SignInDependencies {
  server: restify.Server;
  sessions: DashboardSessions | undefined;
  adminToken: string | undefined;
  trustProxy: BlockList;
  logger: Logger;
}

/**
 * Before the guard on `/dashboard`: a browser (it asks for HTML) that is not signed in gets the
 * sign-in page, sent by `sendHtml`; everyone else goes on to the guard and its JSON answer.
 */
export function signInPage(
  { adminToken, sessions }: Pick<SignInDependencies, 'adminToken' | 'sessions'>,
  sendHtml: (res: restify.Response, status: number, body: string) => void,
): restify.RequestHandler {
  return (req, res, next) => {
    if (!adminToken || !sessions) return next();
    const bearer = bearerOf(req);
    if ((bearer !== undefined && sameToken(bearer, adminToken)) || sessions.isSignedIn(req)) return next();
    if (!(req.header('accept') ?? '').includes('text/html')) return next();
    sendHtml(res, 401, SIGN_IN_PAGE);
    return next(false);
  };
}

export function mountSignIn({ server, sessions, adminToken, trustProxy, logger }: SignInDependencies): void {
  const sameSiteJson: restify.RequestHandler = (req, _res, next) => {
    if (isCrossSite(req)) return next(new RequestError('cross_site', 'sign in from the dashboard itself'));
    if (req.method === 'POST' && mediaType(req) !== 'application/json') {
      return next(new RequestError('unsupported_media_type', 'send { "token" } as application/json'));
    }
    return next();
  };

  server.get('/dashboard/sign-in.js', (_req, res, next) => {
    res.setHeader('content-type', 'application/javascript; charset=utf-8');
    res.setHeader('x-content-type-options', 'nosniff');
    res.writeHead(200);
    res.end(SIGN_IN_SCRIPT);
    next();
  });

  server.post(
    '/dashboard/session',
    sameSiteJson,
    restify.plugins.bodyReader({ maxBodySize: 4096 }),
    restify.plugins.jsonBodyParser({ mapParams: false, bodyReader: true }),
    jsonRoute(logger, async (req, res) => {
      if (!adminToken || !sessions) {
        throw new RequestError('not_found', 'ADMIN_TOKEN is not set: the dashboard opens from this machine only');
      }
      const { token } = parseBody(signInRequest, req.body);
      if (!sameToken(token, adminToken)) throw new RequestError('bad_token', 'that is not the admin token');
      res.header('Set-Cookie', sessions.setCookie(sessions.issue(), cameOverTls(req, trustProxy)));
      res.header('Cache-Control', 'no-store');
      res.status(204);
      res.end();
    }),
  );

  server.del(
    '/dashboard/session',
    sameSiteJson,
    jsonRoute(logger, async (req, res) => {
      if (sessions) res.header('Set-Cookie', sessions.clearCookie(cameOverTls(req, trustProxy)));
      res.status(204);
      res.end();
    }),
  );
}

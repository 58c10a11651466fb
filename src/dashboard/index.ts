/**
 * The dashboard at `/dashboard`: one HTML page and its script, behind the admin guard (a bearer
 * header, a sign-in session cookie, or — without ADMIN_TOKEN — this machine only). A browser
 * that is not signed in gets the sign-in page (sign-in.ts). The page draws what the report
 * routes answer; it holds no numbers of its own. `client/` is the browser code, bundled with
 * esbuild at start.
 */
import type { BlockList } from 'node:net';
import type { Logger } from 'pino';
import type restify from 'restify';
import type { Survey } from '../../dialogs/index.js';
import { cameOverTls } from '../http/client-address.js';
import { bundleDashboard } from './bundle.js';
import { dashboardPage } from './page.js';
import type { DashboardSessions } from './session.js';
import { mountSignIn, signInPage } from './sign-in.js';

export interface DashboardDependencies {
  server: restify.Server;
  guard: restify.RequestHandler;
  adminToken: string | undefined;
  sessions: DashboardSessions | undefined;
  trustProxy: BlockList;
  survey: Survey;
  logger: Logger;
}

/** The page runs only its own script; charts draw on canvases, styles are inline in the page. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export async function mountDashboard({
  server,
  guard,
  adminToken,
  sessions,
  trustProxy,
  survey,
  logger,
}: DashboardDependencies): Promise<void> {
  const script = await bundleDashboard();
  logger.debug({ bytes: Buffer.byteLength(script) }, 'dashboard bundled');
  const page = dashboardPage(survey, { signOut: sessions !== undefined });
  const send = (res: restify.Response, type: string, body: string, status = 200) => {
    res.setHeader('content-type', type);
    res.setHeader('cache-control', 'private, no-cache');
    res.setHeader('x-content-type-options', 'nosniff');
    res.writeHead(status);
    res.end(body);
  };
  const html = (res: restify.Response, status: number, body: string) => {
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    res.setHeader('referrer-policy', 'no-referrer');
    send(res, 'text/html; charset=utf-8', body, status);
  };

  mountSignIn({ server, sessions, adminToken, trustProxy, logger });
  server.get('/dashboard', signInPage({ adminToken, sessions }, html), guard, (req, res, next) => {
    // Each visit of a signed-in browser starts its hour again.
    if (sessions?.isSignedIn(req))
      res.header('Set-Cookie', sessions.setCookie(sessions.issue(), cameOverTls(req, trustProxy)));
    html(res, 200, page);
    next();
  });
  server.get('/dashboard/app.js', guard, (_req, res, next) => {
    send(res, 'application/javascript; charset=utf-8', script);
    next();
  });
}

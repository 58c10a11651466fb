/**
 * The dashboard at `/dashboard`: one HTML page and its script, both behind the admin token
 * (a bearer header, or the browser's sign-in box with the token as password). The page draws
 * what the report routes answer; it holds no numbers of its own. `client/` is the browser
 * code, bundled with esbuild at start.
 */
import type { Logger } from 'pino';
import type restify from 'restify';
import type { Survey } from '../../dialogs/index.js';
import { bundleDashboard } from './bundle.js';
import { browserLogin } from './login.js';
import { dashboardPage } from './page.js';

export interface DashboardDependencies {
  server: restify.Server;
  guard: restify.RequestHandler;
  adminToken: string | undefined;
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
  survey,
  logger,
}: DashboardDependencies): Promise<void> {
  const script = await bundleDashboard();
  logger.debug({ bytes: Buffer.byteLength(script) }, 'dashboard bundled');
  const page = dashboardPage(survey);
  const signIn = browserLogin(adminToken, guard, { challenge: true });
  const send = (res: restify.Response, type: string, body: string) => {
    res.setHeader('content-type', type);
    res.setHeader('cache-control', 'private, no-cache');
    res.setHeader('x-content-type-options', 'nosniff');
    res.writeHead(200);
    res.end(body);
  };

  server.get('/dashboard', signIn, (_req, res, next) => {
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    res.setHeader('referrer-policy', 'no-referrer');
    send(res, 'text/html; charset=utf-8', page);
    next();
  });
  server.get('/dashboard/app.js', signIn, (_req, res, next) => {
    send(res, 'application/javascript; charset=utf-8', script);
    next();
  });
}

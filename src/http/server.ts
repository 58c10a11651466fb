/**
 * The shared restify server every channel mounts its routes on. Errors leave it as JSON
 * `{ error, message }` with a code from the catalogue (errors.ts); bodies are parsed per route (Slack needs the raw bytes to check
 * signatures, so nothing consumes the body globally).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import restify from 'restify';
import { codeOfRestifyError, RequestError, setRetryAfter } from './errors.js';

/**
 * How long a client may take and how many may be connected at once (docs/security.md,
 * "Connections and timeouts"). Node's defaults let a slow body hold a connection for 300 s
 * and accept connections without limit.
 */
export interface ConnectionLimits {
  /** Until the request's headers are all in. */
  headersMs: number;
  /** Until the whole request, body included, is in. */
  requestMs: number;
  /** How long an idle keep-alive connection is kept open for its next request. */
  keepAliveMs: number;
  /** Open connections at once; one more is closed as soon as it is accepted. */
  maxConnections: number;
  /** How often connections are checked against the two limits above. */
  checkEveryMs: number;
}

export const CONNECTION_LIMITS: ConnectionLimits = {
  headersMs: 10_000,
  requestMs: 15_000,
  // Browsers reuse a connection between a visitor's answers; a proxy in front should idle out sooner.
  keepAliveMs: 5_000,
  maxConnections: 1_000,
  checkEveryMs: 1_000,
};

/** At most one "connection cap reached" line per this long, however many are dropped. */
const DROP_LOG_INTERVAL_MS = 60_000;

export function createHttpServer(logger: Logger, limits: ConnectionLimits = CONNECTION_LIMITS): restify.Server {
  const server = restify.createServer({ name: 'npsbot', handleUncaughtExceptions: false });
  applyConnectionLimits(server, limits, logger);

  server.on(
    'restifyError',
    (
      req: restify.Request,
      res: restify.Response,
      err: Error & { statusCode?: number; body?: { code?: string }; toJSON?: () => unknown },
      callback: () => void,
    ) => {
      const status = err instanceof RequestError ? err.status : (err.statusCode ?? 500);
      const code = err instanceof RequestError ? err.code : codeOfRestifyError(status, err.body?.code ?? err.name);
      if (status >= 500) logger.error({ err, url: req.url }, 'request failed');
      setRetryAfter(res, status, err instanceof RequestError ? err.retryAfterSeconds : undefined);
      // restify formats its own errors; replace the body with ours so every failure has one shape.
      err.toJSON = () => ({ error: code, message: status >= 500 ? 'internal error' : err.message });
      return callback();
    },
  );

  server.on('after', (req: restify.Request, res: restify.Response) => {
    const level = res.statusCode >= 500 ? 'error' : 'info';
    const route = req.getRoute()?.path;
    logger[level](
      {
        method: headRequests.has(req) ? 'HEAD' : req.method,
        route,
        url: req.url,
        status: res.statusCode,
        ms: Date.now() - req.time(),
      },
      'request',
    );
  });

  closeFinishedConnectionsWhenClosing(server);
  answerHeadAsGet(server);
  return server;
}

/**
 * HEAD works wherever GET does: a HEAD request is routed as the GET it mirrors, so guards,
 * status and headers (Content-Length included) are the GET's own. Node decided when the
 * request arrived that a HEAD answer has no body, so whatever the handler writes is dropped.
 * (Registering HEAD routes instead would not do: restify skips formatting, and so the length,
 * for HEAD.) The access log still says HEAD.
 */
const headRequests = new WeakSet<restify.Request>();

function answerHeadAsGet(server: restify.Server): void {
  server.pre((req: restify.Request, _res: restify.Response, next: restify.Next) => {
    if (req.method === 'HEAD') {
      headRequests.add(req);
      req.method = 'GET';
    }
    return next();
  });
}

function applyConnectionLimits(server: restify.Server, limits: ConnectionLimits, logger: Logger): void {
  const http = server.server;
  http.headersTimeout = limits.headersMs;
  http.requestTimeout = limits.requestMs;
  http.keepAliveTimeout = limits.keepAliveMs;
  http.maxConnections = limits.maxConnections;
  // Node checks the two timeouts this often (30 s by default). It is a constructor option, which
  // restify does not pass on, but Node reads the property when the server starts listening
  // (test/http/connections.test.ts proves the timeouts hold on every Node version CI runs).
  Object.assign(http, { connectionsCheckingInterval: limits.checkEveryMs });
  let lastLogged = Number.NEGATIVE_INFINITY;
  http.on('drop', () => {
    if (Date.now() - lastLogged < DROP_LOG_INTERVAL_MS) return;
    lastLogged = Date.now();
    logger.warn({ maxConnections: limits.maxConnections }, 'connection cap reached; new connections are being closed');
  });
}

/**
 * `server.close()` drops idle keep-alive connections at once, but one that is answering a
 * request then stays open until its keep-alive timeout. Close each as soon as its answer is
 * out, so a graceful shutdown lasts as long as the slowest turn, not five seconds more.
 */
function closeFinishedConnectionsWhenClosing(server: restify.Server): void {
  const http = server.server;
  http.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    res.once('finish', () => {
      if (!http.listening) setImmediate(() => http.closeIdleConnections());
    });
  });
}

/**
 * The shared restify server every channel mounts its routes on. Errors leave it as JSON
 * `{ error, message }`; bodies are parsed per route (Slack needs the raw bytes to check
 * signatures, so nothing consumes the body globally).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import restify from 'restify';

export interface HttpError {
  status: number;
  error: string;
  message: string;
}

/** An expected failure at the edge: a stable code and a status, answered as JSON. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    /** For 429 and 503: when to come back. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** restify reads the status of an error passed to `next(err)` from here. */
  get statusCode(): number {
    return this.status;
  }
}

export function sendError(res: restify.Response, failure: HttpError): void {
  if (res.headersSent) return;
  res.status(failure.status);
  res.json({ error: failure.error, message: failure.message });
}

export function createHttpServer(logger: Logger): restify.Server {
  const server = restify.createServer({ name: 'npsbot', handleUncaughtExceptions: false });

  server.on(
    'restifyError',
    (
      req: restify.Request,
      res: restify.Response,
      err: Error & { statusCode?: number; body?: { code?: string }; toJSON?: () => unknown },
      callback: () => void,
    ) => {
      const status = err instanceof RequestError ? err.status : (err.statusCode ?? 500);
      const code = err instanceof RequestError ? err.error : (err.body?.code ?? 'error');
      if (status >= 500) logger.error({ err, url: req.url }, 'request failed');
      if (err instanceof RequestError && err.retryAfterSeconds !== undefined) {
        res.header('Retry-After', String(err.retryAfterSeconds));
      }
      // restify formats its own errors; replace the body with ours so every failure has one shape.
      err.toJSON = () => ({ error: toSnakeCase(code), message: status >= 500 ? 'internal error' : err.message });
      return callback();
    },
  );

  server.on('after', (req: restify.Request, res: restify.Response) => {
    const level = res.statusCode >= 500 ? 'error' : 'info';
    const route = req.getRoute()?.path;
    logger[level](
      { method: req.method, route, url: req.url, status: res.statusCode, ms: Date.now() - req.time() },
      'request',
    );
  });

  closeFinishedConnectionsWhenClosing(server);
  return server;
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

function toSnakeCase(code: string): string {
  return code
    .replace(/Error$/, '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * The shared restify server every channel mounts its routes on. Errors leave it as JSON
 * `{ error, message }` with a code from the catalogue (errors.ts); bodies are parsed per route (Slack needs the raw bytes to check
 * signatures, so nothing consumes the body globally).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import restify from 'restify';
import { codeOfRestifyError, RequestError, setRetryAfter } from './errors.js';

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

/** /healthz (the process is up), /readyz (the store answers) and /metrics (Prometheus text). */
import type { Logger } from 'pino';
import type restify from 'restify';
import type { Metrics } from '../metrics.js';
import type { ConversationStore } from '../store/types.js';
import { sendError } from './errors.js';

export function mountHealth(server: restify.Server, store: ConversationStore, metrics: Metrics, logger: Logger): void {
  server.get('/healthz', (_req, res, next) => {
    res.json({ status: 'ok' });
    next();
  });
  server.get('/readyz', (_req, res, next) => {
    // A store that throws instead of answering false is just as unready.
    store
      .ping()
      .catch(() => false)
      .then((reachable) => {
        if (reachable) res.json({ status: 'ready' });
        else sendError(res, 'unavailable', 'the store does not answer');
      })
      .finally(() => next());
  });
  server.get('/metrics', (_req, res, next) => {
    metrics.registry
      .metrics()
      .then((text) => {
        res.setHeader('content-type', metrics.registry.contentType);
        res.writeHead(200);
        res.end(text);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'metrics could not be collected');
        sendError(res, 'internal', 'metrics could not be collected');
      })
      .finally(() => next());
  });
}

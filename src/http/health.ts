/** /healthz (the process is up), /readyz (the store answers) and /metrics (Prometheus text). */
import type restify from 'restify';
import type { Metrics } from '../metrics.js';
import type { ConversationStore } from '../store/types.js';

export function mountHealth(server: restify.Server, store: ConversationStore, metrics: Metrics): void {
  server.get('/healthz', (_req, res, next) => {
    res.json({ status: 'ok' });
    next();
  });
  server.get('/readyz', (_req, res, next) => {
    store
      .ping()
      .then((reachable) => {
        res.status(reachable ? 200 : 503);
        res.json(
          reachable ? { status: 'ready' } : { error: 'store_unavailable', message: 'the store does not answer' },
        );
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
      .finally(() => next());
  });
}

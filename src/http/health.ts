/**
 * /healthz (the process is up), /readyz (the store answers) and /metrics (Prometheus text).
 * /metrics tells how many promoters and detractors there are, so it is not public: a bearer
 * METRICS_TOKEN for the scraper, else (or as well) the admin guard.
 */
import type { Logger } from 'pino';
import type restify from 'restify';
import type { Metrics } from '../metrics.js';
import type { ConversationStore } from '../store/types.js';
import { bearerOf, sameToken } from './admin-auth.js';
import { sendError } from './errors.js';

export interface HealthDependencies {
  server: restify.Server;
  store: ConversationStore;
  metrics: Metrics;
  logger: Logger;
  guard: restify.RequestHandler;
  metricsToken: string | undefined;
}

function metricsGuard(guard: restify.RequestHandler, metricsToken: string | undefined): restify.RequestHandler {
  return (req, res, next) => {
    const bearer = bearerOf(req);
    if (metricsToken && bearer !== undefined && sameToken(bearer, metricsToken)) return next();
    return guard(req, res, next);
  };
}

export function mountHealth({ server, store, metrics, logger, guard, metricsToken }: HealthDependencies): void {
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
  server.get('/metrics', metricsGuard(guard, metricsToken), (_req, res, next) => {
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

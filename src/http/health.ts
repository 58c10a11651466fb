/**
 * /healthz (the process is up), /readyz (the store takes writes; degraded when it may lose them)
 * and /metrics (Prometheus text).
 * /metrics tells how many promoters and detractors there are, so it is not public: a bearer
 * METRICS_TOKEN for the scraper, else (or as well) the admin guard.
 */
import type { Logger } from 'pino';
import type restify from 'restify';
import { CONCERN_MESSAGES, type DurabilityState } from '../durability/state.js';
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
  durability: DurabilityState;
}

function metricsGuard(guard: restify.RequestHandler, metricsToken: string | undefined): restify.RequestHandler {
  return (req, res, next) => {
    const bearer = bearerOf(req);
    if (metricsToken && bearer !== undefined && sameToken(bearer, metricsToken)) return next();
    return guard(req, res, next);
  };
}

export function mountHealth({
  server,
  store,
  metrics,
  logger,
  guard,
  metricsToken,
  durability,
}: HealthDependencies): void {
  server.get('/healthz', (_req, res, next) => {
    res.json({ status: 'ok' });
    next();
  });
  server.get('/readyz', (_req, res, next) => {
    // A store that throws instead of answering false is just as unready.
    store
      .canTakeWrites()
      .catch(() => false)
      .then((writable) => {
        if (!writable) return sendError(res, 'unavailable', 'the store does not take writes');
        // Degraded is still 200: a load balancer keeps routing, the body and the start-up log say why.
        const reasons = durability.list();
        if (reasons.length === 0) return res.json({ status: 'ready' });
        res.json({ status: 'degraded', reasons, message: reasons.map((r) => CONCERN_MESSAGES[r]).join('; ') });
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

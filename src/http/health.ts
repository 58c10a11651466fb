/**
 * /healthz (the process is up), /readyz (the store takes writes; degraded when it may lose them)
 * and /metrics (Prometheus text).
 * /metrics tells how many promoters and detractors there are, so it is not public: a bearer
 * METRICS_TOKEN for the scraper, else (or as well) the admin guard.
 */
import type { Logger } from 'pino';
import type restify from 'restify';
import { z } from 'zod';
import { CONCERN_MESSAGES, type DurabilityConcern, type DurabilityState } from '../durability/state.js';
import type { Metrics } from '../metrics.js';
import type { ConversationStore } from '../store/types.js';
import { bearerOf, sameToken } from './admin-auth.js';
import { type ApiPaths, adminOperation, jsonResponse, publicOperation, textResponse } from './api-doc.js';
import { sendError } from './errors.js';
import { sendJson } from './route.js';

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
    sendJson(res, liveSchema, { status: 'ok' });
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
        if (reasons.length === 0) return sendJson(res, readySchema, { status: 'ready' });
        sendJson(res, readySchema, {
          status: 'degraded',
          reasons,
          message: reasons.map((r) => CONCERN_MESSAGES[r]).join('; '),
        });
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

const liveSchema = z.object({ status: z.literal('ok') });
const CONCERNS = ['no_persistence', 'evicting_policy', 'store_wiped'] as const satisfies readonly DurabilityConcern[];

/** Degraded is still ready: the store takes writes, but something would lose data (docs/operations.md). */
const readySchema = z.union([
  z.object({ status: z.literal('ready') }),
  z.object({ status: z.literal('degraded'), reasons: z.array(z.enum(CONCERNS)), message: z.string() }),
]);

export const healthPaths: ApiPaths = {
  '/healthz': {
    get: publicOperation({
      tags: ['health'],
      summary: 'the process is up',
      responses: { 200: jsonResponse('up', liveSchema) },
    }),
  },
  '/readyz': {
    get: publicOperation({
      tags: ['health'],
      summary: 'the store takes writes (degraded: it would lose data on a Redis restart or eviction)',
      responses: { 200: jsonResponse('ready to serve', readySchema) },
      errors: ['unavailable'],
    }),
  },
  '/metrics': {
    get: adminOperation({
      tags: ['health'],
      summary: 'Prometheus metrics (text exposition format)',
      description: 'The bearer METRICS_TOKEN, or (as well, or without it) the admin guard.',
      security: [{ metricsToken: [] }, { adminToken: [] }, { dashboardSession: [] }],
      responses: { 200: textResponse('the metrics', 'text/plain') },
    }),
  },
};

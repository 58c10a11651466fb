/** Wires follow-ups into the app: the service, the agent API, the reply delivery and the overdue check. */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type restify from 'restify';
import type { Engine } from '../engine/engine.js';
import type { CountingSurvey } from '../engine/response.js';
import type { Metrics } from '../metrics.js';
import type { OutboxDispatcher } from '../outbox/dispatcher.js';
import type { ProactiveChannels } from '../proactive.js';
import type { ConversationStore } from '../store/types.js';
import { FollowUpDeliverySink } from './delivery.js';
import { OverdueScheduler } from './overdue.js';
import { mountFollowUpRoutes } from './routes.js';
import { FollowUpService } from './service.js';

export interface FollowUpMountOptions {
  server: restify.Server;
  guard: restify.RequestHandler;
  store: ConversationStore;
  /** The survey whose counters the follow-ups' changes move. */
  survey: CountingSurvey;
  engine: Engine;
  events: OutboxDispatcher;
  proactive: ProactiveChannels;
  logger: Logger;
  metrics: Metrics;
  clock?: () => number;
  overdueIntervalMs?: number;
}

export function mountFollowUps(options: FollowUpMountOptions): { service: FollowUpService; overdue: OverdueScheduler } {
  const { server, guard, store, survey, engine, events, proactive, logger, metrics, clock } = options;
  const service = new FollowUpService({
    store,
    survey,
    newId: randomUUID,
    wantsEvents: () => events.hasSinks(),
    publish: (raised) => {
      metrics.countFollowUpChanges(raised);
      events.nudge();
    },
    ...(clock ? { clock } : {}),
  });
  events.add(new FollowUpDeliverySink(engine, proactive));
  mountFollowUpRoutes({
    server,
    guard,
    store,
    service,
    logger,
    ...(clock ? { clock } : {}),
  });
  const overdue = new OverdueScheduler({
    store,
    service,
    logger,
    ...(clock ? { clock } : {}),
    ...(options.overdueIntervalMs ? { intervalMs: options.overdueIntervalMs } : {}),
  });
  return { service, overdue };
}

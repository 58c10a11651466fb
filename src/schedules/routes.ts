/** `GET /api/schedules` (docs/schedules.md), behind the admin guard: each schedule and its running wave. */
import type { Logger } from 'pino';
import type restify from 'restify';
import type { Schedule } from '../../dialogs/index.js';
import { jsonRoute } from '../http/route.js';
import type { ConversationStore } from '../store/types.js';
import { viewSchedules } from './view.js';

export interface ScheduleRouteDependencies {
  server: restify.Server;
  guard: restify.RequestHandler;
  schedules: readonly Schedule[];
  store: ConversationStore;
  surveyId: string;
  logger: Logger;
  clock: () => number;
}

export function mountScheduleRoutes(deps: ScheduleRouteDependencies): void {
  const { server, guard, schedules, store, surveyId, logger, clock } = deps;
  server.get(
    '/api/schedules',
    guard,
    jsonRoute(logger, async (_req, res) => {
      res.header('Cache-Control', 'no-store');
      res.json(await viewSchedules(schedules, store, surveyId, clock()));
    }),
  );
}

/** `GET /api/schedules` (docs/schedules.md), behind the admin guard: each schedule and its running wave. */
import type { Logger } from 'pino';
import type restify from 'restify';
import { z } from 'zod';
import type { Schedule } from '../../dialogs/index.js';
import { type ApiPaths, adminOperation, jsonResponse } from '../http/api-doc.js';
import { jsonRoute, sendJson } from '../http/route.js';
import type { ConversationStore } from '../store/types.js';
import { scheduleViewSchema, viewSchedules } from './view.js';

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
      sendJson(res, schedulesSchema, await viewSchedules(schedules, store, surveyId, clock()));
    }),
  );
}

const schedulesSchema = z.array(scheduleViewSchema);

export const schedulePaths: ApiPaths = {
  '/api/schedules': {
    get: adminOperation({
      tags: ['schedules'],
      summary: "the survey file's schedules, each with its next wave and the running one",
      responses: { 200: jsonResponse('every schedule', schedulesSchema) },
      errors: ['unavailable'],
    }),
  },
};

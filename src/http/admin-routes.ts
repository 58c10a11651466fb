/**
 * The admin API (docs/reports.md) that is not reports: starting surveys (`POST /api/surveys`)
 * and erasing a person (`DELETE /api/people/:channel/:user`).
 */
import type { Logger } from 'pino';
import type restify from 'restify';
import { z } from 'zod';
import { CHANNELS } from '../engine/types.js';
import type { ProactiveChannels } from '../proactive.js';
import type { ConversationStore } from '../store/types.js';
import { readJson } from './body.js';
import { RequestError } from './errors.js';
import { jsonRoute } from './route.js';

const surveyRequest = z.strictObject({
  channel: z.enum(['slack', 'teams', 'webchat']),
  user: z.string().min(1).max(256),
  touchpoint: z.string().min(1).max(100).nullish(),
  properties: z.record(z.string().max(100), z.union([z.string().max(500), z.number(), z.boolean()])).optional(),
});

/** A survey request is a few hundred bytes; its properties stay well under this. */
const MAX_REQUEST_BYTES = 16 * 1024;

export interface AdminDependencies {
  server: restify.Server;
  guard: restify.RequestHandler;
  proactive: ProactiveChannels;
  store: ConversationStore;
  segments: readonly string[];
  logger: Logger;
}

export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'body';
    throw new RequestError('bad_request', `${field}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export function mountAdminRoutes({ server, guard, proactive, store, segments, logger }: AdminDependencies): void {
  server.post(
    '/api/surveys',
    guard,
    jsonRoute(logger, async (req, res) => {
      const request = parseBody(surveyRequest, await readJson(req, res, MAX_REQUEST_BYTES));
      const channel = proactive.get(request.channel);
      // A channel that is not configured has no way to them; a configured one says why it had none.
      const status = channel
        ? await channel.startSurvey({
            user: request.user,
            touchpoint: request.touchpoint ?? null,
            properties: Object.fromEntries(Object.entries(request.properties ?? {}).map(([k, v]) => [k, String(v)])),
          })
        : 'no_conversation';
      res.status(202);
      if (status !== 'no_conversation') res.json({ status });
      else res.json({ status, reason: channel?.unreachable ?? 'channel_not_configured' });
    }),
  );

  server.del(
    '/api/people/:channel/:user',
    guard,
    jsonRoute(logger, async (req, res) => {
      const channel = z.enum(CHANNELS).safeParse(req.params.channel);
      if (!channel.success) throw new RequestError('bad_request', `channel: expected one of ${CHANNELS.join(', ')}`);
      const user = String(req.params.user);
      const erased = await store.erase({ channel: channel.data, user }, segments);
      logger.info({ channel: channel.data, erased }, 'erased a person on request');
      res.json({ erased });
    }),
  );
}

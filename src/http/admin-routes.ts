/**
 * The admin API (docs/reports.md) that is not reports: starting surveys (`POST /api/surveys`)
 * and erasing a person (`DELETE /api/people/:channel/:user`).
 */
import type { Logger } from 'pino';
import type restify from 'restify';
import { z } from 'zod';
import { CHANNELS } from '../engine/types.js';
import type { NoConversationReason, ProactiveChannels, ProactiveStatus } from '../proactive.js';
import type { ConversationStore } from '../store/types.js';
import { type ApiPaths, adminOperation, JSON_BODY_ERRORS, jsonBody, jsonResponse, pathText } from './api-doc.js';
import { readJson } from './body.js';
import { RequestError } from './errors.js';
import { jsonRoute, sendJson } from './route.js';

const surveyRequest = z.strictObject({
  channel: z.enum(['slack', 'teams', 'webchat']),
  user: z.string().min(1).max(256),
  touchpoint: z.string().min(1).max(100).nullish(),
  properties: z.record(z.string().max(100), z.union([z.string().max(500), z.number(), z.boolean()])).optional(),
});

const NO_CONVERSATION_REASONS = [
  'channel_not_configured',
  'no_reference',
  'dm_not_opened',
  'visitor_not_reachable',
] as const satisfies readonly NoConversationReason[];

const surveyAnswerSchema = z.union([
  z.object({ status: z.enum(['sent', 'throttled', 'opted_out'] as const satisfies readonly ProactiveStatus[]) }),
  z.object({
    status: z.literal('no_conversation'),
    reason: z.enum(NO_CONVERSATION_REASONS).meta({
      description: 'the channel is not configured, or this person cannot be reached on it (docs/reports.md)',
    }),
  }),
]);
const erasureSchema = z.object({
  erased: z.object({ conversations: z.number().int(), responses: z.number().int(), events: z.number().int() }),
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
      const answer =
        status === 'no_conversation'
          ? { status, reason: channel?.unreachable ?? 'channel_not_configured' }
          : { status };
      sendJson(res, surveyAnswerSchema, answer, 202);
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
      sendJson(res, erasureSchema, { erased });
    }),
  );
}

export const adminPaths: ApiPaths = {
  '/api/surveys': {
    post: adminOperation({
      tags: ['surveys'],
      summary: 'survey one person now, in their channel (within throttle and opt-out)',
      requestBody: jsonBody(surveyRequest),
      responses: { 202: jsonResponse('what happened', surveyAnswerSchema) },
      errors: JSON_BODY_ERRORS,
    }),
  },
  '/api/people/{channel}/{user}': {
    delete: adminOperation({
      tags: ['surveys'],
      summary: 'erase everything held about a person',
      requestParams: {
        path: z.object({ channel: z.enum(CHANNELS), user: pathText('their id in that channel') }),
      },
      responses: { 200: jsonResponse('how much was erased', erasureSchema) },
      errors: ['bad_request', 'unavailable'],
    }),
  },
};

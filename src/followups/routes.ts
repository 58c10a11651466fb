/**
 * The agent API (docs/closing-the-loop.md), behind the admin guard: the queue
 * (`GET /api/follow-ups`, soonest due first, with a cursor), one follow-up with its thread, and
 * the actions claim, replies, notes, resolve and reopen. Every action names its agent.
 * `GET /api/follow-ups/:id/transcript` is the conversation the case came from, for the dashboard.
 */
import type { Logger } from 'pino';
import restify from 'restify';
import { z } from 'zod';
import { CHANNELS, type TranscriptEntry } from '../engine/types.js';
import { parseBody } from '../http/admin-routes.js';
import { readJson } from '../http/body.js';
import { RequestError } from '../http/errors.js';
import { type AsyncHandler, jsonRoute, sendJson } from '../http/route.js';
import { parseQuery } from '../reports/filters.js';
import type { FollowUpCursor } from '../store/follow-ups.js';
import type { ConversationStore } from '../store/types.js';
import { isOverdue } from './rules.js';
import type { ActionResult, AgentAction, FollowUpService } from './service.js';
import {
  FOLLOW_UP_STATUSES,
  type FollowUpStatus,
  followUpQueueSchema,
  followUpTranscriptSchema,
  followUpViewSchema,
  type StoredFollowUp,
  summaryOf,
  type TranscriptLine,
} from './types.js';

export const DEFAULT_QUEUE_PAGE = 50;
export const MAX_QUEUE_PAGE = 200;
/** Filters that the queue cannot answer from its sorted sets are applied page by page, this many at most. */
const MAX_SCANNED = 10_000;

const agent = z.string().trim().min(1, "expected the agent's name").max(100);
const text = z.string().trim().min(1, 'expected some text').max(2000);
export const actionBodies = {
  claim: z.strictObject({ agent }),
  replies: z.strictObject({ agent, text }),
  notes: z.strictObject({ agent, text }),
  resolve: z.strictObject({ agent, resolution: z.string().trim().min(1).max(500), text: text.optional() }),
  reopen: z.strictObject({ agent }),
};

export const queueParams = {
  status: z.string().optional(),
  channel: z.enum(CHANNELS, { error: `expected one of ${CHANNELS.join(', ')}` }).optional(),
  touchpoint: z.string().max(100).optional(),
  overdue: z.enum(['true', 'false'], { error: 'expected true or false' }).optional(),
  claimedBy: z.string().max(100).optional(),
  cursor: z.string().max(1000).optional(),
  limit: z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_QUEUE_PAGE, `expected 1 to ${MAX_QUEUE_PAGE}`)
    .optional(),
};

export interface FollowUpRouteDependencies {
  server: restify.Server;
  guard: restify.RequestHandler;
  store: ConversationStore;
  service: FollowUpService;
  logger: Logger;
  clock?: () => number;
}

/** Without `status` the queue shows what still needs work; `status=all` shows every follow-up. */
function parseStatuses(value: string | undefined): FollowUpStatus[] {
  if (value === undefined || value.trim() === '') return ['open', 'claimed'];
  if (value === 'all') return [...FOLLOW_UP_STATUSES];
  const statuses = value.split(',').map((part) => part.trim());
  const known = z.array(z.enum(FOLLOW_UP_STATUSES)).safeParse(statuses);
  if (!known.success)
    throw new RequestError('bad_filter', `status: expected all or one or more of ${FOLLOW_UP_STATUSES.join(', ')}`);
  return known.data;
}

const cursorSchema = z.object({ at: z.number(), id: z.string() });
const encodeCursor = (cursor: FollowUpCursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');
function decodeCursor(value: string): FollowUpCursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
  } catch {
    throw new RequestError('bad_filter', 'cursor: not a cursor this listing gave out');
  }
}

/** An agent's action is a name and a text: well under this. */
const MAX_ACTION_BYTES = 16 * 1024;

export function mountFollowUpRoutes({
  server,
  guard,
  store,
  service,
  logger,
  clock = Date.now,
}: FollowUpRouteDependencies): void {
  const query = restify.plugins.queryParser({ mapParams: false });
  const route = (handler: AsyncHandler) =>
    jsonRoute(logger, async (req, res) => {
      res.header('Cache-Control', 'no-store');
      await handler(req, res);
    });

  server.get(
    '/api/follow-ups',
    guard,
    query,
    route(async (req, res) => {
      const params = parseQuery(queueParams, req.query);
      const statuses = parseStatuses(params.status);
      const limit = params.limit ?? DEFAULT_QUEUE_PAGE;
      const now = clock();
      const wanted = (followUp: StoredFollowUp) =>
        (!params.channel || followUp.channel === params.channel) &&
        (!params.touchpoint || followUp.touchpoint === params.touchpoint) &&
        (!params.claimedBy || followUp.claimedBy === params.claimedBy) &&
        (!params.overdue || isOverdue(followUp, now) === (params.overdue === 'true'));
      const found: StoredFollowUp[] = [];
      let after = params.cursor ? decodeCursor(params.cursor) : null;
      let scanned = 0;
      let next: FollowUpCursor | null = null;
      // Read until the page is full; a narrow filter reads several pages of the queue.
      for (;;) {
        const page = await store.listFollowUps({ statuses, after, limit: limit - found.length });
        scanned += page.followUps.length;
        for (const followUp of page.followUps) if (wanted(followUp)) found.push(followUp);
        next = page.next;
        if (!next || found.length >= limit || scanned >= MAX_SCANNED) break;
        after = next;
      }
      sendJson(res, followUpQueueSchema, {
        followUps: found.map((followUp) => ({ ...summaryOf(followUp), overdue: isOverdue(followUp, now) })),
        ...(next ? { next: encodeCursor(next) } : {}),
      });
    }),
  );

  server.get(
    '/api/follow-ups/:id',
    guard,
    route(async (req, res) => {
      const followUp = await service.get(String(req.params.id));
      if (!followUp) throw notFound();
      sendJson(res, followUpViewSchema, { ...followUp, overdue: isOverdue(followUp, clock()) });
    }),
  );

  server.get(
    '/api/follow-ups/:id/transcript',
    guard,
    route(async (req, res) => {
      const followUp = await store.getFollowUp(String(req.params.id));
      if (!followUp) throw notFound();
      const { channel, user, conversation } = followUp.followUp;
      const entries = await store.readTranscript({ channel, user, conversation });
      sendJson(res, followUpTranscriptSchema, { transcript: entries.map(transcriptLine) });
    }),
  );

  const action = (path: keyof typeof actionBodies, toAction: (body: Record<string, string>) => AgentAction) =>
    server.post(
      `/api/follow-ups/:id/${path}`,
      guard,
      route(async (req, res) => {
        const body = parseBody(
          actionBodies[path] as z.ZodType<Record<string, string>>,
          await readJson(req, res, MAX_ACTION_BYTES),
        );
        const result = await service.act(String(req.params.id), toAction(body));
        const followUp = answer(result);
        logger.info({ followUp: followUp.id, action: path, agent: body.agent }, 'follow-up action');
        sendJson(res, followUpViewSchema, { ...followUp, overdue: isOverdue(followUp, clock()) });
      }),
    );
  action('claim', (body) => ({ kind: 'claim', agent: body.agent as string }));
  action('replies', (body) => ({ kind: 'reply', agent: body.agent as string, text: body.text as string }));
  action('notes', (body) => ({ kind: 'note', agent: body.agent as string, text: body.text as string }));
  action('resolve', (body) => ({
    kind: 'resolve',
    agent: body.agent as string,
    resolution: body.resolution as string,
    text: body.text,
  }));
  action('reopen', (body) => ({ kind: 'reopen', agent: body.agent as string }));
}

/** One line of the conversation the follow-up came from, as the dashboard shows it; empty once it has expired. */
function transcriptLine(entry: TranscriptEntry): TranscriptLine {
  const at = new Date(entry.at).toISOString();
  if (entry.from === 'user') return { at, from: 'customer', text: entry.text };
  const { message } = entry;
  if (message.from === 'agent')
    return { at, from: 'agent', ...(message.author ? { author: message.author } : {}), text: message.text };
  return { at, from: 'bot', text: message.text };
}

function notFound(): RequestError {
  return new RequestError('follow_up_not_found', 'no follow-up has this id');
}

function answer(result: ActionResult) {
  if (result.ok) return result.followUp;
  if (result.error === 'not_found') throw notFound();
  throw new RequestError('conflict', result.message);
}

/**
 * The dead letters over HTTP (docs/closing-the-loop.md, "Dead letters"), behind the admin guard:
 * `GET /api/outbox/dead-letters` lists them, earliest dead first, with a cursor, and
 * `POST /api/outbox/dead-letters/:id/retry` puts one back in the outbox. The request and answer
 * shapes are the exported schemas below, for the API description.
 */
import type { Logger } from 'pino';
import restify from 'restify';
import { z } from 'zod';
import { parseBody } from '../http/admin-routes.js';
import { type ApiPaths, adminOperation, JSON_BODY_ERRORS, jsonBody, jsonResponse, pathText } from '../http/api-doc.js';
import { readJson } from '../http/body.js';
import { RequestError } from '../http/errors.js';
import { jsonRoute, sendJson } from '../http/route.js';
import { parseQuery } from '../reports/filters.js';
import type { ConversationStore, DeadLetter, DeadLetterPosition } from '../store/types.js';

export const DEFAULT_DEAD_LETTER_PAGE = 50;
export const MAX_DEAD_LETTER_PAGE = 200;

/** `GET /api/outbox/dead-letters` query. */
export const deadLetterListQuery = z.object({
  cursor: z.string().max(1000).optional().describe('the `next` of the previous page'),
  limit: z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_DEAD_LETTER_PAGE, `expected 1 to ${MAX_DEAD_LETTER_PAGE}`)
    .optional()
    .describe(`page size, 1 to ${MAX_DEAD_LETTER_PAGE} (${DEFAULT_DEAD_LETTER_PAGE})`),
});

/** One dead letter as the API shows it (times in ISO 8601). */
export const deadLetterView = z.object({
  id: z.string().describe('the event id, its `webhook-id`'),
  type: z.string().describe('the event type, e.g. response.scored'),
  at: z.string().describe('when the event was raised'),
  sinks: z.array(z.string()).describe('the sinks that never took it (webhook, slack-escalations, followup-delivery)'),
  done: z.array(z.string()).describe('the sinks that took it before it died; a retry skips them'),
  attempts: z.number().int().describe('failed delivery rounds'),
  lastError: z.string(),
  firstAttemptAt: z.string(),
  lastAttemptAt: z.string(),
  deadAt: z.string().describe('when it was taken out of delivery'),
});

/** `GET /api/outbox/dead-letters` answer. */
export const deadLetterPage = z
  .object({
    deadLetters: z.array(deadLetterView),
    next: z.string().optional().describe('cursor of the next page; absent on the last'),
  })
  .meta({ id: 'DeadLetterPage' });

/** `POST /api/outbox/dead-letters/:id/retry`: no body, or an empty JSON object. */
export const deadLetterRetryRequest = z.strictObject({});

/** `POST /api/outbox/dead-letters/:id/retry` answer (202): the event is due again now. */
export const deadLetterRetryAnswer = z.object({ id: z.string(), status: z.literal('queued') });

const cursorSchema = z.strictObject({ at: z.number(), id: z.string() });
const encodeCursor = (position: DeadLetterPosition) => Buffer.from(JSON.stringify(position)).toString('base64url');
function decodeCursor(value: string): DeadLetterPosition {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
  } catch {
    throw new RequestError('bad_cursor', 'cursor: not a cursor this listing gave out; start without one');
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

export function viewOf(letter: DeadLetter): z.infer<typeof deadLetterView> {
  return {
    id: letter.event.id,
    type: letter.event.type,
    at: letter.event.at,
    sinks: letter.sinks,
    done: letter.done,
    attempts: letter.attempts,
    lastError: letter.lastError,
    firstAttemptAt: iso(letter.firstAttemptAt),
    lastAttemptAt: iso(letter.lastAttemptAt),
    deadAt: iso(letter.deadAt),
  };
}

export interface DeadLetterRouteDependencies {
  server: restify.Server;
  guard: restify.RequestHandler;
  store: Pick<ConversationStore, 'listDeadLetters' | 'retryDeadLetter'>;
  logger: Logger;
  /** Called after a dead letter is put back, so it is delivered now rather than at the next poll. */
  requeued: () => void;
  clock?: () => number;
}

export function mountDeadLetterRoutes(deps: DeadLetterRouteDependencies): void {
  const { server, guard, store, logger, requeued, clock = Date.now } = deps;
  const query = restify.plugins.queryParser({ mapParams: false });
  server.get(
    '/api/outbox/dead-letters',
    guard,
    query,
    jsonRoute(logger, async (req, res) => {
      res.header('Cache-Control', 'no-store');
      const params = parseQuery(deadLetterListQuery.shape, req.query);
      const after = params.cursor ? decodeCursor(params.cursor) : null;
      const page = await store.listDeadLetters(after, params.limit ?? DEFAULT_DEAD_LETTER_PAGE);
      sendJson(res, deadLetterPage, {
        deadLetters: page.deadLetters.map(viewOf),
        ...(page.next ? { next: encodeCursor(page.next) } : {}),
      });
    }),
  );

  server.post(
    '/api/outbox/dead-letters/:id/retry',
    guard,
    jsonRoute(logger, async (req, res) => {
      parseBody(deadLetterRetryRequest, await readJson(req, res, 1024));
      const id = String(req.params.id);
      if (!(await store.retryDeadLetter(id, clock()))) {
        throw new RequestError('dead_letter_not_found', 'no dead letter has this id');
      }
      logger.info({ event: id }, 'outbox: a dead letter was put back for delivery');
      requeued();
      sendJson(res, deadLetterRetryAnswer, { id, status: 'queued' }, 202);
    }),
  );
}

export const outboxPaths: ApiPaths = {
  '/api/outbox/dead-letters': {
    get: adminOperation({
      tags: ['outbox'],
      summary: 'events taken out of delivery after too many attempts, too long, or a refusal; earliest dead first',
      requestParams: { query: deadLetterListQuery },
      responses: { 200: jsonResponse('a page of dead letters', deadLetterPage) },
      errors: ['bad_filter', 'bad_cursor', 'unavailable'],
    }),
  },
  '/api/outbox/dead-letters/{id}/retry': {
    post: adminOperation({
      tags: ['outbox'],
      summary: 'put a dead letter back: it is delivered again now, to the sinks that never took it',
      requestParams: { path: z.object({ id: pathText('the event id') }) },
      requestBody: jsonBody(deadLetterRetryRequest),
      responses: { 202: jsonResponse('queued again', deadLetterRetryAnswer) },
      errors: [...JSON_BODY_ERRORS, 'dead_letter_not_found', 'unavailable'],
    }),
  },
};

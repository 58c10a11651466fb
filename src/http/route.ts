/**
 * Route handlers as async functions: an expected failure (`RequestError`) becomes its JSON
 * answer, anything else is logged and answered 500, and nothing escapes to crash the process.
 */
import type { Logger } from 'pino';
import type restify from 'restify';
import type { z } from 'zod';
import { RequestError, sendError } from './errors.js';

export type AsyncHandler = (req: restify.Request, res: restify.Response) => Promise<void>;

export function jsonRoute(logger: Logger, handler: AsyncHandler): restify.RequestHandler {
  return (req, res, next) => {
    handler(req, res)
      .catch((error: unknown) => {
        if (error instanceof RequestError) {
          sendError(res, error.code, error.message, error.retryAfterSeconds);
          return;
        }
        logger.error({ err: error, url: req.url }, 'request failed');
        sendError(res, 'internal', 'internal error');
      })
      .finally(() => next());
  };
}

/**
 * Sends a JSON answer typed by the schema the API document gives it (src/api-document.ts), so
 * what a route sends and what the document says cannot drift apart.
 */
export function sendJson<S extends z.ZodType>(
  res: restify.Response,
  _schema: S,
  body: z.output<S>,
  status = 200,
): void {
  res.status(status);
  res.json(body);
}

/**
 * Route handlers as async functions: an expected failure (`RequestError`) becomes its JSON
 * answer, anything else is logged and answered 500, and nothing escapes to crash the process.
 */
import type { Logger } from 'pino';
import type restify from 'restify';
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

/**
 * Which web pages may talk to the web chat API (WEBCHAT_ALLOWED_ORIGINS, `*` by default for
 * development). Preflight requests are answered here; a request from a page whose origin is
 * not allowed is refused with 403 (requests without an Origin, from servers, pass).
 */
import type restify from 'restify';
import { sendError } from '../../src/http/errors.js';

export function webchatCors(allowed: string[] | '*'): restify.RequestHandler {
  return (req, res, next) => {
    if (!req.path().startsWith('/webchat/') || req.path() === '/webchat/widget.js') return next();
    const origin = req.header('origin');
    if (!origin) return next();
    if (allowed !== '*' && !allowed.includes(origin)) {
      sendError(res, 'origin_not_allowed', `${origin} may not embed this chat`);
      return next(false);
    }
    res.header('Access-Control-Allow-Origin', allowed === '*' ? '*' : origin);
    res.header('Vary', 'Origin');
    // The widget waits as long as a 429 or 503 asks before it sends an answer again.
    res.header('Access-Control-Expose-Headers', 'Retry-After');
    if (req.method === 'OPTIONS') {
      res.header('Access-Control-Allow-Methods', 'GET, POST');
      res.header('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      res.header('Access-Control-Max-Age', '600');
      res.writeHead(204);
      res.end();
      return next(false);
    }
    return next();
  };
}

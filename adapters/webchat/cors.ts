/**
 * Which web pages may talk to the web chat API (WEBCHAT_ALLOWED_ORIGINS, `*` by default for
 * development). Preflight requests are answered here; a request from a page whose origin is
 * not allowed is refused with 403 (requests without an Origin, from servers, pass).
 */
import type restify from 'restify';
import { sendError } from '../../src/http/errors.js';

/** Lower-case segments of letters, digits, '-' and '_', no empty ones: already normal. */
const PLAIN_PATH = /^\/(?:[a-z0-9_-]+\/?)*$/;

/**
 * The path as the router may read it: percent-decoded, dot segments resolved, repeated slashes
 * collapsed, lower-cased. `/%77ebchat/sessions` or `//WebChat/sessions` must not slip past the
 * check that `/webchat/sessions` meets (docs/security.md, "Connections and timeouts").
 */
export function normalisedPath(url: string): string {
  const raw = url.split('?')[0] ?? '';
  // Every path the bubble sends is plain: decoding and resolving it would give it back unchanged.
  if (PLAIN_PATH.test(raw)) return raw;
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // A malformed escape stays as sent; the router does not decode it either.
  }
  const collapsed = decoded.replace(/\\/g, '/').replace(/\/{2,}/g, '/');
  // Resolving against a file: URL applies the dot-segment rules without naming any host.
  return new URL(collapsed.startsWith('/') ? collapsed : `/${collapsed}`, 'file:///').pathname.toLowerCase();
}

export function webchatCors(allowed: string[] | '*'): restify.RequestHandler {
  return (req, res, next) => {
    const path = normalisedPath(req.url ?? '');
    if (!path.startsWith('/webchat') || path === '/webchat/widget.js') return next();
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

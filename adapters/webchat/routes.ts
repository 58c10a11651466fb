/**
 * The web chat API (see docs/webchat.md): start a session, send a message, read the transcript.
 * Sessions are the engine's conversations; the visitor is their signed identity or
 * `anon:<sessionId>`. Bodies are capped at 4 KiB and texts at 2,000 characters.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type restify from 'restify';
import type { z } from 'zod';
import { isOverTextLimit, MAX_TEXT_LENGTH } from '../../dialogs/text-limit.js';
import { type Engine, StoreFailure } from '../../src/engine/engine.js';
import type { Inbound, TurnResult } from '../../src/engine/types.js';
import { parseBody } from '../../src/http/admin-routes.js';
import { readJson } from '../../src/http/body.js';
import { RequestError } from '../../src/http/errors.js';
import { jsonRoute, sendJson } from '../../src/http/route.js';
import type { RateLimiter } from './rate-limit.js';
import { checkIdentity, issueSessionToken, readSessionToken, type SessionClaims, type WebchatKeys } from './tokens.js';
import {
  messageRequest,
  sessionRefusedSchema,
  sessionRequest,
  sessionStartedSchema,
  toWire,
  transcriptAnswerSchema,
  transcriptToWire,
  turnAnswerSchema,
} from './wire.js';

export const MAX_BODY_BYTES = 4 * 1024;

export interface WebchatRouteOptions {
  server: restify.Server;
  engine: Engine;
  logger: Logger;
  keys: WebchatKeys;
  perSession: RateLimiter;
  perClient: RateLimiter;
  /** The client address of a request, through trusted proxies (TRUST_PROXY). */
  clientAddress: (req: restify.Request) => string;
  clock: () => number;
}

function limit(limiter: RateLimiter, key: string): void {
  const wait = limiter.take(key);
  if (wait > 0) throw new RequestError('rate_limited', 'too many requests; slow down and try again', wait);
}

function authorise(req: restify.Request, keys: WebchatKeys): SessionClaims {
  const token = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1];
  const claims = token ? readSessionToken(keys, token) : undefined;
  if (!claims || claims.sessionId !== req.params.sessionId) {
    throw new RequestError('unauthorized', 'a valid "Authorization: Bearer <token>" for this session is required');
  }
  return claims;
}

function answer(result: TurnResult): z.infer<typeof turnAnswerSchema> {
  if (result.status === 'not_found')
    throw new RequestError('session_not_found', 'this session has ended or expired; start a new one');
  if (result.status === 'unavailable') {
    throw new RequestError('unavailable', result.messages[0]?.text ?? 'try again in a moment', 2);
  }
  // A bug, already logged and counted by the engine: the generic 500, not a "try again".
  if (result.status === 'failed') throw new RequestError('internal', 'internal error');
  const messages = result.messages.map(toWire);
  // The bubble keeps its reply box after the end only while a follow-up takes what the visitor writes.
  return { messages, done: result.done, ...(result.followingUp ? { followingUp: true as const } : {}) };
}

export function mountWebchatRoutes({
  server,
  engine,
  logger,
  keys,
  perSession,
  perClient,
  clientAddress,
  clock,
}: WebchatRouteOptions): void {
  const gate = (req: restify.Request) => perClientGate(perClient, clientAddress(req));

  server.post(
    '/webchat/sessions',
    (req, _res, next) => next(gate(req)),
    jsonRoute(logger, async (req, res) => {
      const request = parseBody(sessionRequest, await readJson(req, res, MAX_BODY_BYTES));
      if (request.signature !== undefined) verifyIdentity(keys, request, clock);
      const sessionId = randomUUID();
      // Without a signature a claimed "user" proves nothing: the visitor is anonymous.
      const signedUser = request.signature !== undefined ? request.user : undefined;
      const user = signedUser ?? `anon:${sessionId}`;
      // A page opening the bubble for a known customer is the site asking, not the customer:
      // the engine applies their opt-out and the survey's throttle. (An anonymous visitor is new every time.)
      const startedBy = signedUser !== undefined && request.startedBy !== 'visitor' ? 'page' : 'user';
      const properties = Object.fromEntries(Object.entries(request.properties ?? {}).map(([k, v]) => [k, String(v)]));
      const result = await engine.handle({
        channel: 'webchat',
        user,
        conversation: sessionId,
        // An anonymous visitor's session id was made just now: nothing is stored under it to read.
        brandNew: signedUser === undefined,
        locale: request.locale ?? null,
        // Anyone can ask for a session without showing it to anyone: the survey counts as sent
        // when the bubble reports its question shown (`/shown` below) or the visitor answers.
        event: { kind: 'start', startedBy, touchpoint: request.touchpoint ?? null, properties, sentWhenShown: true },
      });
      if (result.refused) {
        sendJson(res, sessionRefusedSchema, { status: result.refused, messages: [], done: true });
        return;
      }
      const { messages } = answer(result);
      sendJson(
        res,
        sessionStartedSchema,
        { sessionId, token: issueSessionToken(keys, { sessionId, user }), messages },
        201,
      );
    }),
  );

  server.post(
    '/webchat/sessions/:sessionId/messages',
    (req, _res, next) => next(gate(req)),
    jsonRoute(logger, async (req, res) => {
      const claims = authorise(req, keys);
      limit(perSession, claims.sessionId);
      const request = parseBody(messageRequest, await readJson(req, res, MAX_BODY_BYTES));
      if (request.value === undefined && (request.text ?? '').trim() === '') {
        throw new RequestError('empty_text', '"text" is empty or blank');
      }
      // Web chat can refuse what it cannot take (docs/webchat.md); other channels' text is cut instead.
      if (request.text !== undefined && isOverTextLimit(request.text)) {
        throw new RequestError('text_too_long', `"text" is over ${MAX_TEXT_LENGTH} characters`);
      }
      const inbound: Inbound = {
        channel: 'webchat',
        user: claims.user,
        conversation: claims.sessionId,
        locale: request.locale ?? null,
        messageId: request.clientMessageId ?? null,
        continueOnly: true,
        event:
          request.value !== undefined
            ? { kind: 'choice', value: request.value }
            : { kind: 'text', text: request.text ?? '' },
      };
      sendJson(res, turnAnswerSchema, answer(await engine.handle(inbound)));
    }),
  );

  server.post(
    '/webchat/sessions/:sessionId/shown',
    (req, _res, next) => next(gate(req)),
    jsonRoute(logger, async (req, res) => {
      const claims = authorise(req, keys);
      limit(perSession, claims.sessionId);
      await readJson(req, res, MAX_BODY_BYTES);
      const result = await engine.handle({
        channel: 'webchat',
        user: claims.user,
        conversation: claims.sessionId,
        continueOnly: true,
        event: { kind: 'shown' },
      });
      answer(result);
      res.status(204);
      res.end();
    }),
  );

  server.get(
    '/webchat/sessions/:sessionId/messages',
    (req, _res, next) => next(gate(req)),
    jsonRoute(logger, async (req, res) => {
      const claims = authorise(req, keys);
      const view = await engine
        .view({ channel: 'webchat', user: claims.user, conversation: claims.sessionId })
        .catch((error: unknown) => {
          throw error instanceof StoreFailure ? storeUnavailable() : error;
        });
      if (!view) throw new RequestError('session_not_found', 'this session has ended or expired; start a new one');
      const followingUp = view.followingUp ? { followingUp: true as const } : {};
      sendJson(res, transcriptAnswerSchema, {
        messages: transcriptToWire(view.transcript),
        done: view.done,
        ...followingUp,
      });
    }),
  );
}

/** The store did not answer outside a turn (a turn says so itself, politely, in the person's language). */
function storeUnavailable(): RequestError {
  return new RequestError('unavailable', 'the survey cannot be reached right now; try again in a moment', 2);
}

function verifyIdentity(
  keys: WebchatKeys,
  request: { user?: string | undefined; signature?: string | undefined; expires?: number | undefined },
  clock: () => number,
): void {
  const check =
    request.user && request.signature !== undefined
      ? checkIdentity(
          keys,
          { user: request.user, signature: request.signature, expires: request.expires },
          clock() / 1000,
        )
      : 'forged';
  if (check === 'expired') throw new RequestError('signature_expired', '"expires" has passed; sign the identity again');
  if (check === 'forged') {
    const signed = request.expires === undefined ? '"user"' : '"user.expires"';
    throw new RequestError('bad_signature', `"signature" is not the HMAC of ${signed} with this site's secret`);
  }
}

/** Rate limit by client address before the body is even read. */
function perClientGate(limiter: RateLimiter, address: string): Error | undefined {
  const wait = limiter.take(address);
  return wait > 0
    ? new RequestError('rate_limited', 'too many requests from this address; try again shortly', wait)
    : undefined;
}

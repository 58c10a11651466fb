/**
 * The error catalogue: every code an HTTP answer can carry, with its status, in one place.
 * Routes throw `RequestError(code, message)` (or call `sendError`) and the status follows from
 * the code; restify's own errors (unknown route, body too large…) are mapped onto the same
 * codes. A new failure is one line in `ERROR_STATUS`. Bodies are always `{ error, message }`.
 */
import type restify from 'restify';

export const ERROR_STATUS = {
  /** A body or query that is not what the route expects. */
  bad_request: 400,
  bad_json: 400,
  bad_csv: 400,
  bad_filter: 400,
  bad_cursor: 400,
  bad_activity: 400,
  invalid_content: 400,
  /** A web chat message whose text is empty or blank: it costs no try. */
  empty_text: 400,
  unauthorized: 401,
  bad_signature: 401,
  /** A visitor identity signed with an `expires` that has passed. */
  signature_expired: 401,
  /** The dashboard sign-in got something that is not the admin token. */
  bad_token: 401,
  origin_not_allowed: 403,
  /** Without ADMIN_TOKEN: `Host` names neither loopback nor this server (DNS rebinding). */
  host_not_allowed: 403,
  /** An admin change sent by a page on another site. */
  cross_site: 403,
  /** Emulator mode: a `serviceUrl` neither loopback nor in TEAMS_EMULATOR_URLS. */
  service_url_not_allowed: 403,
  not_found: 404,
  session_not_found: 404,
  campaign_not_found: 404,
  follow_up_not_found: 404,
  dead_letter_not_found: 404,
  method_not_allowed: 405,
  /** The action does not fit the record's state, e.g. a reply to a resolved follow-up. */
  conflict: 409,
  payload_too_large: 413,
  text_too_long: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  /** A bug: logged, and answered without detail. */
  internal: 500,
  /** The store (or, for Slack, the Slack app) cannot answer right now: come back after `Retry-After`. */
  unavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export function statusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_STATUS, code);
}

/** An expected failure at the edge: a code from the catalogue, answered as JSON. */
export class RequestError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** For 429 and 503: when to come back. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  get status(): number {
    return statusOf(this.code);
  }

  /** restify reads the status of an error passed to `next(err)` from here. */
  get statusCode(): number {
    return this.status;
  }
}

/** Statuses that tell the client to come back later carry a `Retry-After`. */
const RETRY_LATER = new Set<number>([429, 503]);

export function setRetryAfter(res: restify.Response, status: number, retryAfterSeconds?: number): void {
  if (RETRY_LATER.has(status)) res.header('Retry-After', String(retryAfterSeconds ?? 1));
}

export function sendError(res: restify.Response, code: ErrorCode, message: string, retryAfterSeconds?: number): void {
  if (res.headersSent) return;
  const status = statusOf(code);
  setRetryAfter(res, status, retryAfterSeconds);
  res.status(status);
  res.json({ error: code, message });
}

/** The catalogue's code for an error restify raised itself (its names, e.g. `PayloadTooLargeError`). */
export function codeOfRestifyError(status: number, name: string): ErrorCode {
  const named = name
    .replace(/Error$/, '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
  if (isErrorCode(named) && statusOf(named) === status) return named;
  return BY_STATUS.get(status) ?? (status >= 500 ? 'internal' : 'bad_request');
}

/** The general code of each status, for errors with a name the catalogue does not know. */
const BY_STATUS = new Map<number, ErrorCode>([
  [400, 'bad_request'],
  [401, 'unauthorized'],
  [404, 'not_found'],
  [405, 'method_not_allowed'],
  [413, 'payload_too_large'],
  [415, 'unsupported_media_type'],
  [429, 'rate_limited'],
  [503, 'unavailable'],
]);

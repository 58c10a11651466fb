/**
 * A Bolt receiver on our restify server: `POST /slack/events` reads the raw body (the
 * signature covers its exact bytes), checks the signature and its timestamp, answers Slack's
 * URL check and the certificate check (`ssl_check`), and hands everything else to Bolt as a plain
 * `{ body, ack, retryNum }` event, acknowledged within Slack's 3 s whatever the listener does.
 * Bolt never sees HTTP; restify's body parser never sees this route.
 */
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { isValidSlackRequest } from '@slack/bolt';
import type { Logger } from 'pino';
import restify from 'restify';
import { z } from 'zod';
import { sendError } from '../../src/http/errors.js';

/** Slack's own payloads stay far below this; a larger body is not from Slack. */
export const MAX_SLACK_BODY_BYTES = 512 * 1024;

/**
 * Slack gives up on a request after 3 s and retries it; a listener that has not acknowledged
 * by this time (a slow look-up before its `ack()`, a bug) is acknowledged here instead.
 */
export const ACK_TIMEOUT_MS = 2500;

/** Slack's replay window: a request signed more than five minutes from now, either way, is refused. */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

type SlackBody = Record<string, unknown>;

/**
 * The shapes this bot handles, checked before Bolt sees them (Bolt assumes Slack's shapes and
 * throws on others): the URL check, Events API callbacks, button clicks and slash commands.
 */
const slackPayload = z.union([
  z.looseObject({ type: z.literal('url_verification'), challenge: z.string() }),
  z.looseObject({ type: z.literal('event_callback'), event: z.looseObject({ type: z.string() }) }),
  z.looseObject({
    type: z.literal('block_actions'),
    user: z.looseObject({ id: z.string() }),
    actions: z.array(z.looseObject({ action_id: z.string() })),
  }),
  z.looseObject({ command: z.string(), user_id: z.string(), text: z.string(), trigger_id: z.string() }),
]);

/** Events API bodies are JSON; interactivity and slash commands are form-encoded (`payload=` for the former). */
export function parseSlackBody(raw: string, contentType: string): SlackBody | undefined {
  try {
    if (contentType.startsWith('application/json')) {
      const parsed = JSON.parse(raw) as unknown;
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as SlackBody)
        : undefined;
    }
    const form = Object.fromEntries(new URLSearchParams(raw));
    if (typeof form.payload === 'string') return parseSlackBody(form.payload, 'application/json');
    return Object.keys(form).length > 0 ? form : undefined;
  } catch {
    return undefined;
  }
}

export class RestifySlackReceiver implements Receiver {
  private app: App | undefined;

  constructor(
    private readonly signingSecret: string,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
    private readonly ackTimeoutMs: number = ACK_TIMEOUT_MS,
  ) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /** The restify handlers for `POST /slack/events`. */
  handlers(): restify.RequestHandler[] {
    return [
      restify.plugins.bodyReader({ maxBodySize: MAX_SLACK_BODY_BYTES }),
      (req, res, next) => this.handle(req, res, next),
    ];
  }

  private handle(req: restify.Request, res: restify.Response, next: restify.Next): void {
    const raw = typeof req.body === 'string' ? req.body : Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    if (isSslCheck(raw)) {
      // Slack checks the certificate of a slash command's URL with an unsigned `ssl_check=1`: a bare 200, nothing run.
      res.writeHead(200);
      res.end();
      next();
      return;
    }
    const signature = req.header('x-slack-signature') ?? '';
    const timestamp = Number(req.header('x-slack-request-timestamp') ?? Number.NaN);
    // Bolt's check refuses old timestamps only; one far in the future would outlive the replay window.
    const fresh = Number.isInteger(timestamp) && Math.abs(this.clock() / 1000 - timestamp) <= MAX_CLOCK_SKEW_SECONDS;
    const valid =
      signature !== '' &&
      fresh &&
      isValidSlackRequest({
        signingSecret: this.signingSecret,
        body: raw,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: this.clock(),
      });
    if (!valid) {
      sendError(res, 'bad_signature', 'the request is not signed by Slack, or is too old');
      next(false);
      return;
    }
    const body = parseSlackBody(raw, req.header('content-type') ?? '');
    if (!body || !slackPayload.safeParse(body).success) {
      sendError(res, 'bad_request', 'expected a Slack event, action or command');
      next(false);
      return;
    }
    if (body.type === 'url_verification') {
      res.json({ challenge: body.challenge });
      next();
      return;
    }
    let acked = false;
    let noAck: NodeJS.Timeout | undefined;
    const event: ReceiverEvent = {
      body,
      retryNum: retryNumber(req.header('x-slack-retry-num')),
      retryReason: req.header('x-slack-retry-reason') ?? undefined,
      ack: async (response?: unknown) => {
        if (acked) return;
        acked = true;
        clearTimeout(noAck);
        if (response === undefined || response === '') {
          res.writeHead(200);
          res.end();
        } else {
          res.json(typeof response === 'string' ? { text: response } : response);
        }
      },
    };
    const app = this.app;
    if (!app) {
      sendError(res, 'unavailable', 'Slack is starting');
      next(false);
      return;
    }
    noAck = setTimeout(() => {
      this.logger.warn(
        { type: body.type ?? body.command },
        'a Slack listener did not acknowledge in time; acknowledged for it',
      );
      void event.ack();
    }, this.ackTimeoutMs);
    app
      .processEvent(event)
      .catch((error: unknown) => this.logger.error({ err: error }, 'Slack event failed'))
      .finally(() => {
        // Slack needs an answer within 3 s whatever happened; a listener that did not ack is acked here.
        void event.ack();
        next();
      });
  }
}

/** Slack's certificate check: a form body with `ssl_check=1` (and a legacy token), no event. */
function isSslCheck(raw: string): boolean {
  if (raw.length > 1024 || !raw.includes('ssl_check=')) return false;
  return new URLSearchParams(raw).get('ssl_check') === '1';
}

/** `X-Slack-Retry-Num`: 1, 2 or 3 on Slack's retries; absent (or not a count) on a first delivery. */
function retryNumber(header: string | undefined): number | undefined {
  const count = header === undefined ? Number.NaN : Number(header);
  return Number.isInteger(count) && count >= 0 ? count : undefined;
}

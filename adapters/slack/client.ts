/**
 * The Slack Web API client every part of this channel shares, and how its failures read.
 * Rate limits (429 with Retry-After) are waited out and retried by the client itself; the
 * retries are bounded so an admin request or an outbox delivery does not hang for half an hour.
 */
import { type Logger as SlackLogger, webApi } from '@slack/bolt';

export type SlackClient = webApi.WebClient;
export type SlackRetryPolicy = NonNullable<webApi.WebClientOptions['retryConfig']>;

/** About half a minute of retries after waiting out each Retry-After. */
export const DEFAULT_SLACK_RETRY: SlackRetryPolicy = {
  retries: 5,
  factor: 2,
  minTimeout: 500,
  maxTimeout: 10_000,
  randomize: true,
};

export interface SlackClientOptions {
  botToken: string;
  /** Slack's own when undefined; tests point it at a fake on 127.0.0.1. */
  apiUrl: string | undefined;
  logger: SlackLogger;
  retry?: SlackRetryPolicy;
}

export function slackClientOptions(options: Omit<SlackClientOptions, 'botToken'>): webApi.WebClientOptions {
  return {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` } : {}),
    logger: options.logger,
    retryConfig: options.retry ?? DEFAULT_SLACK_RETRY,
    timeout: 10_000,
  };
}

export function createSlackClient(options: SlackClientOptions): SlackClient {
  return new webApi.WebClient(options.botToken, slackClientOptions(options));
}

/** The `error` of a Web API answer with `ok: false`, or undefined for any other failure (network, HTTP). */
export function platformError(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('code' in error) || error.code !== webApi.ErrorCode.PlatformError) return undefined;
  const data = (error as webApi.WebAPIPlatformError).data;
  return typeof data?.error === 'string' ? data.error : 'unknown_error';
}

/** Answers meaning this person or channel cannot be written to, now or later; retrying will not help. */
const UNREACHABLE = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'account_inactive',
  'user_not_found',
  'user_not_visible',
  'user_disabled',
  'cannot_dm_bot',
  'messages_tab_disabled',
  'restricted_action',
]);

export function isUnreachable(error: unknown): boolean {
  const code = platformError(error);
  return code !== undefined && UNREACHABLE.has(code);
}

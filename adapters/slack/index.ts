/**
 * adapters/slack — the survey in Slack DMs with @slack/bolt: events, buttons and `/nps` over
 * HTTP at `/slack/events` on the shared server (or Socket Mode with SLACK_APP_TOKEN), surveys
 * sent by the bot, reminders, and escalation posts that agents work a follow-up from. Bolt is imported nowhere else.
 * Depends on src/engine, src/http, src/proactive and src/outbox; only src/app.ts depends on it.
 */
import { App, type AppOptions, LogLevel, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type restify from 'restify';
import type { Survey } from '../../dialogs/index.js';
import type { Config } from '../../src/config.js';
import type { Engine } from '../../src/engine/engine.js';
import type { FollowUpService } from '../../src/followups/service.js';
import type { OutboxDispatcher } from '../../src/outbox/dispatcher.js';
import type { ProactiveChannels } from '../../src/proactive.js';
import type { Audiences } from '../../src/schedules/audience.js';
import type { FollowUps } from '../../src/store/follow-ups.js';
import type { PostedMessages } from '../../src/store/types.js';
import { SlackAudience } from './audience.js';
import { registerConversation } from './conversation.js';
import { SlackFollowUpPostSink } from './escalations.js';
import { registerFollowUpThread } from './follow-up-thread.js';
import { SlackDirectory } from './people.js';
import { SlackProactiveChannel } from './proactive.js';
import { RestifySlackReceiver } from './receiver.js';

export class SlackConfigError extends Error {
  readonly code = 'invalid_slack_config';
}

export interface SlackDependencies {
  config: Config;
  survey: Survey;
  engine: Engine;
  server: restify.Server;
  proactive: ProactiveChannels;
  /** Where the schedules find a Slack channel's members (docs/schedules.md). */
  audiences?: Audiences;
  events: OutboxDispatcher;
  /** Agents' clicks and thread replies on the escalation post become these actions (docs/closing-the-loop.md). */
  followUps: FollowUpService;
  /** Where the survey's question messages were posted, so one answered elsewhere loses its buttons too. */
  posted: PostedMessages;
  /** Where each case's post is recorded, so its thread finds the case. */
  posts: Pick<FollowUps, 'getFollowUp' | 'followUpPost' | 'linkFollowUpPost' | 'followUpOfPost'>;
  logger: Logger;
  /** Answers `/nps report` for a Slack user id (the summary for admins). */
  report?: (userId: string) => Promise<string>;
}

export interface SlackChannel {
  /** Nothing left to do when the server listens: Socket Mode has already connected while mounting. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The start-up check of the bot token: a few quick tries, so a wrong SLACK_API_URL or no
 * network fails start-up in seconds instead of after the Web API's half-hour of retries.
 */
const PROBE_OPTIONS = { retryConfig: { retries: 2, factor: 2, minTimeout: 500 }, timeout: 10_000 };

/**
 * Escalation posts are retried by the outbox with its own back-off; the client only waits out
 * a rate limit once, so a delivery never outlasts the outbox's lease and gets posted twice.
 */
const ESCALATION_CLIENT_OPTIONS = { retryConfig: { retries: 1, minTimeout: 0 } };

/** `users.info` only adds a name to the greeting: it must not hold a turn up for long. */
const LOOKUP_CLIENT_OPTIONS = { retryConfig: { retries: 1, minTimeout: 0 }, timeout: 5_000 };

/** Mounts Slack when SLACK_BOT_TOKEN is set; checks the token once (auth.test) so a bad one stops start-up. */
export async function mountSlack(deps: SlackDependencies): Promise<SlackChannel | undefined> {
  const { config, survey, engine, server, proactive, audiences, events, followUps, posts, posted, logger, report } =
    deps;
  const { botToken, signingSecret, appToken, apiUrl } = config.slack;
  if (!botToken) return undefined;
  const slackApiUrl = apiUrl ? (apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`) : undefined;
  const clientOptions = slackApiUrl ? { slackApiUrl } : {};
  const identity = await checkBotToken(new webApi.WebClient(botToken, { ...clientOptions, ...PROBE_OPTIONS }));
  const base: AppOptions = { token: botToken, ...identity, clientOptions, logLevel: LogLevel.WARN };
  const app = appToken
    ? new App({ ...base, appToken, socketMode: true })
    : mountReceiver(base, signingSecret ?? '', server, logger);
  const client = (options: webApi.WebClientOptions) => new webApi.WebClient(botToken, { ...clientOptions, ...options });
  const directory = new SlackDirectory(client(LOOKUP_CLIENT_OPTIONS));
  registerConversation({
    app,
    engine,
    directory,
    logger,
    posted,
    defaultLocale: survey.defaultLocale,
    ...(report ? { report } : {}),
  });
  proactive.register(new SlackProactiveChannel(app.client, engine, directory, { posted, logger }));
  audiences?.register(new SlackAudience(app.client, directory, identity.botUserId));
  const slackChannel = survey.escalation.slackChannel;
  if (slackChannel) {
    events.add(new SlackFollowUpPostSink(client(ESCALATION_CLIENT_OPTIONS), slackChannel, posts));
    registerFollowUpThread({ app, service: followUps, posts, directory, slackChannel, logger });
  }
  app.error(async (error) => {
    logger.error({ err: error }, 'Slack listener failed');
  });
  // Socket Mode connects now, so a refused app token stops start-up like a refused bot token.
  if (appToken) {
    await app.start().catch((error: Error) => {
      throw new SlackConfigError(`SLACK_APP_TOKEN: Socket Mode could not connect (${error.message})`);
    });
  }
  return {
    start: async () => {},
    stop: async () => {
      if (appToken) await app.stop();
    },
  };
}

/** Bolt served by our restify server at `POST /slack/events`, on the port everything else uses. */
function mountReceiver(base: AppOptions, signingSecret: string, server: restify.Server, logger: Logger): App {
  const receiver = new RestifySlackReceiver(signingSecret, logger);
  server.post('/slack/events', ...receiver.handlers());
  return new App({ ...base, receiver });
}

/** Who the bot is (its bot id and user id, so Bolt ignores the bot's own messages), or a clear start-up error. */
async function checkBotToken(probe: webApi.WebClient): Promise<{ botId?: string; botUserId?: string }> {
  try {
    const identity = await probe.auth.test();
    return {
      ...(identity.bot_id ? { botId: identity.bot_id } : {}),
      ...(identity.user_id ? { botUserId: identity.user_id } : {}),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof webApi.WebAPIPlatformError) {
      throw new SlackConfigError(`SLACK_BOT_TOKEN: Slack refused it (${error.data.error})`);
    }
    throw new SlackConfigError(`SLACK_API_URL: Slack's Web API could not be reached (${reason})`);
  }
}

/**
 * adapters/slack — the survey in Slack DMs with @slack/bolt: events, buttons and `/nps` over
 * HTTP at `/slack/events` on the shared server (or Socket Mode with SLACK_APP_TOKEN), surveys
 * sent by the bot, reminders, and escalation posts. Bolt is imported nowhere else.
 * Depends on src/engine, src/http, src/proactive and src/events; only src/app.ts depends on it.
 */
import { App, LogLevel, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type restify from 'restify';
import type { Survey } from '../../dialogs/index.js';
import type { Config } from '../../src/config.js';
import type { Engine } from '../../src/engine/engine.js';
import type { OutboxDispatcher } from '../../src/outbox/dispatcher.js';
import type { ProactiveChannels } from '../../src/proactive.js';
import { registerConversation } from './conversation.js';
import { SlackEscalationSink } from './escalations.js';
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
  events: OutboxDispatcher;
  logger: Logger;
  /** Answers `/nps report` for a Slack user id (the summary for admins). */
  report?: (userId: string) => Promise<string>;
}

export interface SlackChannel {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Mounts Slack when SLACK_BOT_TOKEN is set; checks the token once (auth.test) so a bad one stops start-up. */
export async function mountSlack(deps: SlackDependencies): Promise<SlackChannel | undefined> {
  const { config, survey, engine, server, proactive, events, logger, report } = deps;
  const { botToken, signingSecret, appToken, apiUrl } = config.slack;
  if (!botToken) return undefined;
  const slackApiUrl = apiUrl ? (apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`) : undefined;
  const clientOptions = slackApiUrl ? { slackApiUrl } : {};
  const probe = new webApi.WebClient(botToken, clientOptions);
  const identity = await probe.auth.test().catch((error: Error) => {
    throw new SlackConfigError(`SLACK_BOT_TOKEN: Slack refused it (${error.message})`);
  });
  const common = {
    token: botToken,
    botId: identity.bot_id,
    botUserId: identity.user_id,
    clientOptions,
    logLevel: LogLevel.WARN,
  };
  let app: App;
  if (appToken) {
    app = new App({ ...common, appToken, socketMode: true });
  } else {
    const receiver = new RestifySlackReceiver(signingSecret ?? '', logger);
    app = new App({ ...common, receiver });
    server.post('/slack/events', ...receiver.handlers());
  }
  const directory = new SlackDirectory(app.client);
  registerConversation({ app, engine, directory, logger, ...(report ? { report } : {}) });
  proactive.register(new SlackProactiveChannel(app.client, engine, directory));
  if (survey.escalation.slackChannel) events.add(new SlackEscalationSink(app.client, survey.escalation.slackChannel));
  app.error(async (error) => {
    logger.error({ err: error }, 'Slack listener failed');
  });
  return {
    start: async () => {
      if (appToken) await app.start();
    },
    stop: async () => {
      if (appToken) await app.stop();
    },
  };
}

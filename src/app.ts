/**
 * Builds the running bot from a Config: the store, the engine and the HTTP server with every
 * channel's routes. This and main.ts are the only places things are constructed and wired.
 */
import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';
import type restify from 'restify';
import { mountTeams } from '../adapters/teams/index.js';
import type { Survey } from '../dialogs/index.js';
import type { Config } from './config.js';
import { Engine } from './engine/engine.js';
import { EventBus } from './events.js';
import { createHttpServer } from './http/server.js';
import { ProactiveChannels } from './proactive.js';
import { openStore } from './store/open.js';
import type { ConversationStore } from './store/types.js';
import { loadSurvey } from './survey-file.js';

export interface App {
  config: Config;
  survey: Survey;
  logger: Logger;
  store: ConversationStore;
  engine: Engine;
  server: restify.Server;
  events: EventBus;
  proactive: ProactiveChannels;
  /** Starts listening; resolves with the port actually bound. */
  listen(): Promise<number>;
  close(): Promise<void>;
}

export interface AppOverrides {
  store?: ConversationStore;
  logger?: Logger;
  clock?: () => number;
  survey?: Survey;
}

export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? pino({ level: config.logLevel });
  const survey = overrides.survey ?? loadSurvey(config.surveyPath);
  const store = overrides.store ?? (await openStore(config));
  await store.addRewardCodes(survey.id, survey.reward.codes);
  const events = new EventBus(logger);
  const engine = new Engine({
    store,
    survey,
    newId: randomUUID,
    publish: (raised) => events.publish(raised),
    ...(overrides.clock ? { clock: overrides.clock } : {}),
  });
  const server = createHttpServer(logger);
  const proactive = new ProactiveChannels();

  // Channels mount their routes here, one line each.
  mountTeams({ config, engine, store, server, proactive, logger });

  return {
    config,
    survey,
    logger,
    store,
    engine,
    server,
    events,
    proactive,
    listen: () =>
      new Promise((resolve) => {
        server.listen(config.port, config.host ?? '0.0.0.0', () => resolve(server.address().port));
      }),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

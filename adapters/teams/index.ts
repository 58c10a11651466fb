/**
 * adapters/teams — Microsoft Teams and the Bot Framework (Emulator, Web Chat channel) through
 * botbuilder's CloudAdapter. botbuilder is imported nowhere else in the project, so moving to
 * its successor, the Microsoft 365 Agents SDK, is this folder's work alone.
 * Depends on src/engine, src/store and src/proactive; nothing depends on it but src/app.ts.
 */
import type { Logger } from 'pino';
import type restify from 'restify';
import type { Config } from '../../src/config.js';
import type { Engine } from '../../src/engine/engine.js';
import type { ProactiveChannels } from '../../src/proactive.js';
import type { ConversationStore } from '../../src/store/types.js';
import { createTeamsAdapter, teamsRoute } from './adapter.js';
import { TeamsBot } from './bot.js';
import { TeamsProactiveChannel } from './proactive.js';
import { EMULATOR_WARNING, serviceUrlPolicy } from './service-url.js';

export interface TeamsDependencies {
  config: Config;
  engine: Engine;
  store: ConversationStore;
  server: restify.Server;
  proactive: ProactiveChannels;
  logger: Logger;
}

export function mountTeams({ config, engine, store, server, proactive, logger }: TeamsDependencies): void {
  const adapter = createTeamsAdapter(config.teams, logger);
  const bot = new TeamsBot(engine, store, logger);
  const emulator = !config.teams.appId;
  if (emulator) logger.warn(EMULATOR_WARNING);
  server.post(
    '/api/messages',
    teamsRoute(
      adapter,
      (context) => bot.onTurn(context),
      logger,
      emulator ? { serviceUrlAllowed: serviceUrlPolicy(config.teams.emulatorUrls) } : {},
    ),
  );
  proactive.register(new TeamsProactiveChannel(adapter, config.teams.appId ?? '', engine, store, logger));
}

/** Starts npsbot: reads the environment, builds the app, listens, and shuts down cleanly on SIGTERM. */

import { SlackConfigError } from '../adapters/slack/index.js';
import { createApp } from './app.js';
import { ConfigError, loadConfigFromEnvironment } from './config.js';
import { StoreUnavailableError } from './store/open.js';
import { SurveyFileError } from './survey-file.js';

async function main(): Promise<void> {
  const config = loadConfigFromEnvironment();
  const app = await createApp(config);
  const port = await app.listen();
  app.logger.info(
    { store: app.store.description },
    `npsbot listening on port ${port}, using the ${app.store.description}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info(`${signal} received, finishing in-flight requests`);
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  // Configuration problems are one clear line; anything else is a bug worth its stack.
  if (
    error instanceof ConfigError ||
    error instanceof SurveyFileError ||
    error instanceof StoreUnavailableError ||
    error instanceof SlackConfigError
  ) {
    process.stderr.write(`npsbot: ${error.message}\n`);
  } else {
    process.stderr.write(
      `npsbot: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});

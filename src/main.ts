/** Starts npsbot: reads the environment, builds the app, listens, and shuts down cleanly on SIGTERM. */

import { SlackConfigError } from '../adapters/slack/index.js';
import { createApp } from './app.js';
import { ConfigError, loadConfigFromEnvironment } from './config.js';
import { StoreUnavailableError } from './store/open.js';
import { SurveyFileError } from './survey-file.js';

/**
 * Longer than the slowest turn (a store command times out after 3 s, and a timed-out write is
 * read back once more), shorter than the usual 30 s kill.
 */
const SHUTDOWN_GRACE_MS = 10_000;

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
    // Armed before anything else, and kept referenced: whatever a dead connection, a frozen Redis or
    // an unread log pipe does, the process is gone by the deadline (the log never blocks, log-output.ts).
    setTimeout(() => {
      app.logger.error(`still busy ${SHUTDOWN_GRACE_MS / 1000}s after ${signal}; exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    app.logger.info(`${signal} received, finishing in-flight requests`);
    try {
      await app.close();
      app.logger.info('stopped');
      process.exit(0);
    } catch (error) {
      app.logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
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

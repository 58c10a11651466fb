/**
 * Builds the running bot from a Config: the store, the engine and the HTTP server with every
 * channel's routes. This and main.ts are the only places things are constructed and wired.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type restify from 'restify';
import { mountSlack } from '../adapters/slack/index.js';
import { mountTeams } from '../adapters/teams/index.js';
import { mountWebchat, type WebchatDependencies } from '../adapters/webchat/index.js';
import type { ScoreReader, Survey } from '../dialogs/index.js';
import { mountApiDocument } from './api-document.js';
import { CampaignRunner } from './campaigns/campaign.js';
import { mountCampaignRoutes } from './campaigns/routes.js';
import { type Clock, localClock, SharedClock } from './clock.js';
import { type Config, ConfigError } from './config.js';
import { mountDashboard } from './dashboard/index.js';
import { DashboardSessions } from './dashboard/session.js';
import { checkStoreAtStart } from './durability/start.js';
import { DurabilityState } from './durability/state.js';
import { StoreWatch } from './durability/watch.js';
import { Engine, type EngineObserver } from './engine/engine.js';
import type { Channel } from './engine/types.js';
import { mountFollowUps } from './followups/mount.js';
import type { FollowUpService } from './followups/service.js';
import { adminGuard } from './http/admin-auth.js';
import { mountAdminRoutes } from './http/admin-routes.js';
import { mountFavicon } from './http/favicon.js';
import { mountHealth } from './http/health.js';
import { createHttpServer } from './http/server.js';
import { createLogger } from './logger.js';
import { Metrics } from './metrics.js';
import { OutboxDispatcher, type RetryPolicy } from './outbox/dispatcher.js';
import { mountDeadLetterRoutes } from './outbox/routes.js';
import { WebhookSink } from './outbox/webhook-sink.js';
import { ProactiveChannels } from './proactive.js';
import { mountReports } from './reports/index.js';
import { slackReport } from './reports/slack-report.js';
import { ReminderScheduler } from './scheduler/reminders.js';
import { Audiences } from './schedules/audience.js';
import { registerScheduleMetrics } from './schedules/metrics.js';
import { mountScheduleRoutes } from './schedules/routes.js';
import { WaveScheduler } from './schedules/scheduler.js';
import { viewSchedules } from './schedules/view.js';
import { keptSecret } from './store/kept-secret.js';
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
  /** Route guard for admin routes (bearer ADMIN_TOKEN or a dashboard session; this machine only when unset). */
  guard: restify.RequestHandler;
  metrics: Metrics;
  reminders: ReminderScheduler;
  campaigns: CampaignRunner;
  /** The survey file's schedules (docs/schedules.md); ticks on its own once listening. */
  schedules: WaveScheduler;
  /** The outbox: add sinks here; it delivers every event the turns raise. */
  events: OutboxDispatcher;
  proactive: ProactiveChannels;
  /** Follow-ups: the agents' actions (docs/closing-the-loop.md). */
  followUps: FollowUpService;
  /** What is known about the store's durability (docs/operations.md): /readyz and reward codes follow it. */
  durability: DurabilityState;
  /** Notices a wiped store while running; ticks on its own once listening. */
  storeWatch: StoreWatch;
  /** Starts listening; resolves with the port actually bound. */
  listen(): Promise<number>;
  close(): Promise<void>;
}

export interface AppOverrides {
  store?: ConversationStore;
  logger?: Logger;
  /** A simulated clock for tests; otherwise the shared one with Redis, this host's without (src/clock.ts). */
  clock?: Clock;
  survey?: Survey;
  /** Retry timing of the outbox, shortened by tests. */
  retry?: RetryPolicy;
  outboxPollMs?: number;
  reminderIntervalMs?: number;
  /** Web chat rate limits, raised by benchmarks and the fuzz run. */
  webchatLimits?: WebchatDependencies['limits'];
  /** Pause between proactive sends per channel in campaigns, shortened by tests. */
  pacingMs?: Readonly<Record<Channel, number>>;
  /** The dialog's score reader, wrapped by tests that check what it is given. */
  readScore?: ScoreReader;
  /** The schedules' tick, shortened by tests (which may also call `schedules.runOnce()` themselves). */
  scheduleTickMs?: number;
  /** Pauses between paced scheduled sends; tests pass one that moves their simulated clock. */
  sleep?: (ms: number) => Promise<void>;
  /** How often the store's identity is checked (docs/operations.md), shortened by tests. */
  storeWatchMs?: number;
}

export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? createLogger(config.logLevel, process.stdout.isTTY === true);
  const survey = overrides.survey ?? loadSurvey(config.surveyPath);
  const store = overrides.store ?? (await openStore(config));
  const shared = overrides.clock ? undefined : await sharedClockOf(store, config, logger);
  const clock = overrides.clock ?? shared?.now ?? localClock(config.clockOffsetMs);
  // Before the refill: an evicting Redis withholds codes, and the identity is what the watch checks.
  const durability = new DurabilityState();
  const identity = await checkStoreAtStart({ store, logger, state: durability, newId: randomUUID, clock });
  await store.addRewardCodes(survey.id, survey.reward.codes);
  const metrics = new Metrics(
    () => store.outboxBacklog(),
    () => store.countFollowUps(clock()),
    {
      oldestPendingAt: () => store.oldestPendingAt(),
      deadLetters: () => store.deadLetterCount(),
      clock,
    },
  );
  const events = new OutboxDispatcher({
    store,
    logger,
    clock,
    policy: config.outbox,
    observer: metrics.outboxObserver(),
    ...(overrides.retry ? { retry: overrides.retry } : {}),
    ...(overrides.outboxPollMs ? { pollMs: overrides.outboxPollMs } : {}),
  });
  if (config.webhook) events.add(new WebhookSink(config.webhook.url, config.webhook.key, clock));
  const engine = new Engine({
    store,
    survey,
    newId: randomUUID,
    publish: (raised) => {
      metrics.countFollowUpChanges(raised);
      events.nudge();
    },
    wantsEvents: () => events.hasSinks(),
    observer: withErrorLog(metrics.observer(), logger),
    clock,
    ...(overrides.readScore ? { readScore: overrides.readScore } : {}),
    withholdRewards: () => durability.withholdsRewards(),
  });
  const storeWatch = new StoreWatch({
    store,
    logger,
    state: durability,
    identity,
    clock,
    countWipe: () => metrics.storeWiped.inc(),
    nudgeOutbox: () => events.nudge(),
    ...(overrides.storeWatchMs ? { intervalMs: overrides.storeWatchMs } : {}),
  });
  const server = createHttpServer(logger);
  const proactive = new ProactiveChannels();
  const reminders = new ReminderScheduler({
    store,
    engine,
    channels: proactive,
    logger,
    clock,
    ...(overrides.reminderIntervalMs ? { intervalMs: overrides.reminderIntervalMs } : {}),
  });

  const sessions = config.adminToken ? new DashboardSessions(config.adminToken, clock) : undefined;
  const guard = adminGuard({ adminToken: config.adminToken, trustProxy: config.trustProxy, sessions });
  mountHealth({ server, store, metrics, logger, guard, metricsToken: config.metricsToken, durability });
  mountApiDocument(server, logger);
  mountFavicon(server);
  mountAdminRoutes({ server, guard, proactive, store, segments: survey.segments, logger });
  mountDeadLetterRoutes({
    server,
    guard,
    store,
    logger,
    requeued: () => events.nudge(),
    clock,
  });
  const followUps = mountFollowUps({
    server,
    guard,
    store,
    survey,
    engine,
    events,
    proactive,
    logger,
    metrics,
    clock,
  });
  const campaigns = new CampaignRunner(proactive, logger, randomUUID, overrides.pacingMs);
  mountCampaignRoutes(server, guard, campaigns, logger);
  mountReports({ server, guard, store, survey, logger, clock });
  await mountDashboard({
    server,
    guard,
    adminToken: config.adminToken,
    sessions,
    trustProxy: config.trustProxy,
    survey,
    logger,
  });

  const audiences = new Audiences();
  const views = () => viewSchedules(survey.schedules, store, survey.id, clock());
  const schedules = new WaveScheduler({
    schedules: survey.schedules,
    store,
    channels: proactive,
    audiences,
    logger,
    owner: randomUUID(),
    clock,
    observer: registerScheduleMetrics(metrics.registry, survey.schedules.length, views),
    ...(overrides.pacingMs ? { pacingMs: overrides.pacingMs } : {}),
    ...(overrides.sleep ? { sleep: overrides.sleep } : {}),
    ...(overrides.scheduleTickMs ? { tickMs: overrides.scheduleTickMs } : {}),
  });
  mountScheduleRoutes({ server, guard, schedules: survey.schedules, store, surveyId: survey.id, logger, clock });

  // Channels mount their routes here, one line each.
  await mountWebchat({
    config,
    secret: config.webchat.secret ?? (await keptSecret(store, 'webchat')),
    engine,
    survey,
    server,
    logger,
    proactive,
    clock,
    ...(overrides.webchatLimits ? { limits: overrides.webchatLimits } : {}),
  });
  mountTeams({ config, engine, store, server, proactive, logger });
  const report = slackReport({ store, survey, clock });
  const slack = await mountSlack({
    config,
    survey,
    engine,
    server,
    proactive,
    audiences,
    events,
    followUps: followUps.service,
    posts: store,
    posted: store,
    logger,
    report,
  });

  return {
    config,
    survey,
    logger,
    store,
    engine,
    server,
    guard,
    metrics,
    reminders,
    campaigns,
    schedules,
    events,
    proactive,
    followUps: followUps.service,
    durability,
    storeWatch,
    listen: async () => {
      const port = await listenOn(server, config.port, config.host ?? '0.0.0.0');
      shared?.start();
      events.start();
      reminders.start();
      schedules.start();
      followUps.overdue.start();
      storeWatch.start();
      void slack?.start();
      return port;
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([
        events.stop(),
        reminders.stop(),
        schedules.stop(),
        followUps.overdue.stop(),
        storeWatch.stop(),
        slack?.stop(),
        shared?.stop(),
      ]);
      // A store handed in by the caller is the caller's to close.
      if (!overrides.store) await store.close();
    },
  };
}

/**
 * With a store the processes share, the clock they share (src/clock.ts), measured once before
 * the first turn; with the memory store none, and the process's own clock serves.
 */
async function sharedClockOf(
  store: ConversationStore,
  config: Config,
  logger: Logger,
): Promise<SharedClock | undefined> {
  if (!store.sharedTime) return undefined;
  const read = store.sharedTime.bind(store);
  let failing = false;
  const clock = new SharedClock(
    async () => {
      const time = await read();
      failing = false;
      return time;
    },
    localClock(config.clockOffsetMs),
    (error) => {
      // Once per outage: the offset measured last still holds, and the turns say the rest.
      if (!failing) logger.warn({ err: error }, "clock: could not read the store's time; keeping the last offset");
      failing = true;
    },
  );
  await clock.sync();
  if (Math.abs(clock.offset) > CLOCK_WARNING_MS) {
    logger.warn({ offsetMs: clock.offset }, "clock: this host's clock is off from the store's; using the store's");
  }
  return clock;
}

/** A host this far off its store is worth one line: the shared clock covers it, NTP should too. */
const CLOCK_WARNING_MS = 2000;

/**
 * Binds the port before any background work starts. A port that is taken (or needs privileges)
 * is a configuration problem: one line naming `PORT`, like every other (README, "Configuration").
 */
function listenOn(server: restify.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? 'is already in use (another process listens on it); stop it or set another PORT'
          : error.code === 'EACCES'
            ? 'needs privileges this process does not have; set a PORT above 1023'
            : `cannot be listened on (${error.code ?? error.message})`;
      reject(new ConfigError(`PORT: port ${port} on ${host} ${why}`));
    };
    // restify passes the socket's error on as its own 'error' event.
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve(server.address().port);
    });
  });
}

/** Turns that fail are answered "try again"; the operator sees why in the log, a bug as a bug. */
function withErrorLog(observer: EngineObserver, logger: Logger): EngineObserver {
  return {
    ...observer,
    storeError: (error) => {
      observer.storeError?.(error);
      logger.error({ err: error }, 'a turn failed: the store did not answer; the person was asked to try again');
    },
    bug: (error) => {
      observer.bug?.(error);
      logger.error({ err: error }, 'a turn failed with a bug in npsbot; please report it');
    },
    savedAfterFailure: (error) => {
      logger.warn({ err: error }, "a turn's write failed but was saved (read back); answered as usual");
    },
  };
}

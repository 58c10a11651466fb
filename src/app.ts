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
import { CampaignRunner } from './campaigns/campaign.js';
import { mountCampaignRoutes } from './campaigns/routes.js';
import type { Config } from './config.js';
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
import { mountHealth } from './http/health.js';
import { createHttpServer } from './http/server.js';
import { createLogger } from './logger.js';
import { Metrics } from './metrics.js';
import { OutboxDispatcher, type RetryPolicy } from './outbox/dispatcher.js';
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
  clock?: () => number;
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
  const clock = overrides.clock ?? Date.now;
  // Before the refill: an evicting Redis withholds codes, and the identity is what the watch checks.
  const durability = new DurabilityState();
  const identity = await checkStoreAtStart({ store, logger, state: durability, newId: randomUUID, clock });
  await store.addRewardCodes(survey.id, survey.reward.codes);
  const events = new OutboxDispatcher({
    store,
    logger,
    ...(overrides.clock ? { clock: overrides.clock } : {}),
    ...(overrides.retry ? { retry: overrides.retry } : {}),
    ...(overrides.outboxPollMs ? { pollMs: overrides.outboxPollMs } : {}),
  });
  const metrics = new Metrics(
    () => events.backlog(),
    () => store.countFollowUps((overrides.clock ?? Date.now)()),
  );
  if (config.webhook) events.add(new WebhookSink(config.webhook.url, config.webhook.key, overrides.clock));
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
    ...(overrides.clock ? { clock: overrides.clock } : {}),
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
    ...(overrides.clock ? { clock: overrides.clock } : {}),
    ...(overrides.reminderIntervalMs ? { intervalMs: overrides.reminderIntervalMs } : {}),
  });

  const sessions = config.adminToken ? new DashboardSessions(config.adminToken, overrides.clock) : undefined;
  const guard = adminGuard({ adminToken: config.adminToken, trustProxy: config.trustProxy, sessions });
  mountHealth({ server, store, metrics, logger, guard, metricsToken: config.metricsToken, durability });
  mountAdminRoutes({ server, guard, proactive, store, segments: survey.segments, logger });
  const followUps = mountFollowUps({
    server,
    guard,
    store,
    engine,
    events,
    proactive,
    logger,
    metrics,
    ...(overrides.clock ? { clock: overrides.clock } : {}),
  });
  const campaigns = new CampaignRunner(proactive, logger, randomUUID, overrides.pacingMs);
  mountCampaignRoutes(server, guard, campaigns, logger);
  const reportClock = overrides.clock ? { clock: overrides.clock } : {};
  mountReports({ server, guard, store, survey, logger, ...reportClock });
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
    ...(overrides.clock ? { clock: overrides.clock } : {}),
    ...(overrides.webchatLimits ? { limits: overrides.webchatLimits } : {}),
  });
  mountTeams({ config, engine, store, server, proactive, logger });
  const report = slackReport({ store, survey, ...(overrides.clock ? { clock: overrides.clock } : {}) });
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
    listen: () =>
      new Promise((resolve) => {
        events.start();
        reminders.start();
        schedules.start();
        followUps.overdue.start();
        storeWatch.start();
        void slack?.start();
        server.listen(config.port, config.host ?? '0.0.0.0', () => resolve(server.address().port));
      }),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([
        events.stop(),
        reminders.stop(),
        schedules.stop(),
        followUps.overdue.stop(),
        storeWatch.stop(),
        slack?.stop(),
      ]);
      // A store handed in by the caller is the caller's to close.
      if (!overrides.store) await store.close();
    },
  };
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
  };
}

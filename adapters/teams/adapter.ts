/**
 * The CloudAdapter and the `POST /api/messages` route. With no MICROSOFT_APP_* credentials
 * the adapter accepts unauthenticated activities (the Bot Framework Emulator, tests); with
 * them, botbuilder checks the caller's token and signs what the bot sends.
 */
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import type restify from 'restify';
import type { Config } from '../../src/config.js';
import { readJson } from '../../src/http/body.js';
import { RequestError } from '../../src/http/errors.js';
import { jsonRoute } from '../../src/http/route.js';
import { activitySchema } from './inbound.js';

/** Exposes the adapter's activity processing so the route can answer errors as JSON itself. */
export class TeamsCloudAdapter extends CloudAdapter {
  handleActivity(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

export function createTeamsAdapter(teams: Config['teams'], logger: Logger): TeamsCloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: teams.appId ?? '',
    MicrosoftAppPassword: teams.appPassword ?? '',
    MicrosoftAppType: teams.appType ?? '',
    MicrosoftAppTenantId: teams.tenantId ?? '',
  });
  const adapter = new TeamsCloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error, activity: context.activity.id }, 'Teams turn failed');
    await context
      .sendActivity('Sorry, something went wrong on our side. Please try again in a moment.')
      .catch(() => {});
  };
  return adapter;
}

/** Bot Framework activities are small; a card submit or a long message stays well under this. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

const isAuthFailure = (error: unknown) =>
  error instanceof Error &&
  (error.name === 'AuthenticationError' || /unauthori[sz]ed|authenticat/i.test(error.message));

export interface TeamsRouteOptions {
  /** Without credentials: may the bot answer at this serviceUrl? Absent: botbuilder's auth decides. */
  serviceUrlAllowed?: (serviceUrl: string) => boolean;
}

export function teamsRoute(
  adapter: TeamsCloudAdapter,
  logic: (context: TurnContext) => Promise<void>,
  logger: Logger,
  { serviceUrlAllowed }: TeamsRouteOptions = {},
): restify.RequestHandler {
  return jsonRoute(logger, async (req, res) => {
    const parsed = activitySchema.safeParse(await readJson(req, res, MAX_ACTIVITY_BYTES));
    if (!parsed.success) {
      throw new RequestError('bad_activity', 'expected a Bot Framework activity: a JSON object with a "type"');
    }
    const serviceUrl = parsed.data.serviceUrl;
    if (serviceUrlAllowed && serviceUrl !== undefined && !serviceUrlAllowed(serviceUrl)) {
      throw new RequestError(
        'service_url_not_allowed',
        'without Bot Framework credentials the bot answers only loopback serviceUrls and TEAMS_EMULATOR_URLS',
      );
    }
    const authHeader = req.header('authorization') ?? '';
    let invoke: InvokeResponse | undefined;
    try {
      invoke = await adapter.handleActivity(authHeader, parsed.data as unknown as Activity, logic);
    } catch (error) {
      if (isAuthFailure(error)) throw new RequestError('unauthorized', 'the request is not from the Bot Framework');
      logger.error({ err: error }, 'Teams activity failed');
      throw new RequestError('internal', 'the activity could not be processed');
    }
    res.status(invoke?.status ?? 200);
    if (invoke?.body !== undefined) res.json(invoke.body);
    else res.end();
  });
}

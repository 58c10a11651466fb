/**
 * `POST /api/surveys/bulk` — a campaign, as JSON `{ "surveys": [{ channel, user, touchpoint?, properties? }] }`
 * or as CSV (`Content-Type: text/csv`, header `channel,user,touchpoint,<property>…`; every column
 * after the first three is a property) — answered `202 { id, total, done, counts, results }`;
 * `GET /api/surveys/bulk/:id` reports the same as it progresses.
 */
import { parse } from 'csv-parse/sync';
import type { Logger } from 'pino';
import restify from 'restify';
import { z } from 'zod';
import { parseBody } from '../http/admin-routes.js';
import { RequestError } from '../http/errors.js';
import { jsonRoute } from '../http/route.js';
import type { CampaignEntry, CampaignRunner } from './campaign.js';

const MAX_ENTRIES = 10_000;

const entry = z.strictObject({
  channel: z.enum(['slack', 'teams', 'webchat']),
  user: z.string().min(1).max(256),
  touchpoint: z.string().min(1).max(100).nullish(),
  properties: z.record(z.string().max(100), z.union([z.string().max(500), z.number(), z.boolean()])).optional(),
});
const bulkRequest = z.strictObject({ surveys: z.array(entry).min(1).max(MAX_ENTRIES) });

function fromJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RequestError('bad_json', 'the body is not valid JSON');
  }
}

function fromCsv(text: string): unknown {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  } catch (error) {
    throw new RequestError('bad_csv', `the CSV could not be read: ${(error as Error).message}`);
  }
  return {
    surveys: rows.map(({ channel, user, touchpoint, ...properties }) => ({
      channel,
      user,
      ...(touchpoint ? { touchpoint } : {}),
      properties: Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== '')),
    })),
  };
}

export function mountCampaignRoutes(
  server: restify.Server,
  guard: restify.RequestHandler,
  runner: CampaignRunner,
  logger: Logger,
): void {
  // Read the raw body and parse it here: restify's own CSV parser turns bad CSV into a 500.
  const body = restify.plugins.bodyReader({ maxBodySize: 2 * 1024 * 1024 });
  server.post(
    '/api/surveys/bulk',
    guard,
    body,
    jsonRoute(logger, async (req, res) => {
      const csv = (req.header('content-type') ?? '').startsWith('text/csv');
      const text = typeof req.body === 'string' ? req.body : String(req.body ?? '');
      const raw = csv ? fromCsv(text) : fromJson(text);
      const { surveys } = parseBody(bulkRequest, raw);
      const entries: CampaignEntry[] = surveys.map((survey) => ({
        channel: survey.channel,
        user: survey.user,
        touchpoint: survey.touchpoint ?? null,
        properties: Object.fromEntries(Object.entries(survey.properties ?? {}).map(([k, v]) => [k, String(v)])),
      }));
      res.status(202);
      res.json(runner.start(entries));
    }),
  );
  server.get(
    '/api/surveys/bulk/:id',
    guard,
    jsonRoute(logger, async (req, res) => {
      const view = runner.view(String(req.params.id));
      if (!view) throw new RequestError('campaign_not_found', 'no campaign with this id in this process');
      res.json(view);
    }),
  );
}

/**
 * `POST /api/surveys/bulk` — a campaign, as JSON `{ "surveys": [{ channel, user, touchpoint?, properties? }] }`
 * or as CSV (`Content-Type: text/csv`, header `channel,user,touchpoint,<property>…`; every column
 * after the first three is a property) — answered `202 { id, total, done, counts, results }`;
 * `GET /api/surveys/bulk/:id` reports the same as it progresses.
 */
import { parse } from 'csv-parse/sync';
import type { Logger } from 'pino';
import type restify from 'restify';
import { z } from 'zod';
import { parseBody } from '../http/admin-routes.js';
import { type ApiPaths, adminOperation, JSON_BODY_ERRORS, jsonResponse, pathText } from '../http/api-doc.js';
import { parseJson, readBody } from '../http/body.js';
import { RequestError } from '../http/errors.js';
import { jsonRoute, sendJson } from '../http/route.js';
import { type CampaignEntry, type CampaignRunner, campaignViewSchema } from './campaign.js';

const MAX_ENTRIES = 10_000;
/** 10,000 rows of a few properties each fit in this. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

const entry = z.strictObject({
  channel: z.enum(['slack', 'teams', 'webchat']),
  user: z.string().min(1).max(256),
  touchpoint: z.string().min(1).max(100).nullish(),
  properties: z.record(z.string().max(100), z.union([z.string().max(500), z.number(), z.boolean()])).optional(),
});
const bulkRequest = z.strictObject({ surveys: z.array(entry).min(1).max(MAX_ENTRIES) });

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
  server.post(
    '/api/surveys/bulk',
    guard,
    jsonRoute(logger, async (req, res) => {
      const body = await readBody(req, res, { maxBytes: MAX_BODY_BYTES, accept: ['application/json', 'text/csv'] });
      const raw = body.type === 'text/csv' ? fromCsv(body.text) : parseJson(body.text);
      const { surveys } = parseBody(bulkRequest, raw);
      const entries: CampaignEntry[] = surveys.map((survey) => ({
        channel: survey.channel,
        user: survey.user,
        touchpoint: survey.touchpoint ?? null,
        properties: Object.fromEntries(Object.entries(survey.properties ?? {}).map(([k, v]) => [k, String(v)])),
      }));
      sendJson(res, campaignViewSchema, runner.start(entries), 202);
    }),
  );
  server.get(
    '/api/surveys/bulk/:id',
    guard,
    jsonRoute(logger, async (req, res) => {
      const view = runner.view(String(req.params.id));
      if (!view) throw new RequestError('campaign_not_found', 'no campaign with this id in this process');
      sendJson(res, campaignViewSchema, view);
    }),
  );
}

export const campaignPaths: ApiPaths = {
  '/api/surveys/bulk': {
    post: adminOperation({
      tags: ['surveys'],
      summary: 'start a campaign: survey a list of people, paced per channel',
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: bulkRequest },
          'text/csv': {
            schema: z.string().meta({
              description:
                'header `channel,user,touchpoint,<property>…`; every column after the first three is a property',
            }),
          },
        },
      },
      responses: { 202: jsonResponse('the campaign as it starts', campaignViewSchema) },
      errors: [...JSON_BODY_ERRORS, 'bad_csv'],
    }),
  },
  '/api/surveys/bulk/{id}': {
    get: adminOperation({
      tags: ['surveys'],
      summary: "a campaign's progress (kept in the process that accepted it)",
      requestParams: { path: z.object({ id: pathText('the campaign id') }) },
      responses: { 200: jsonResponse('its progress', campaignViewSchema) },
      errors: ['campaign_not_found'],
    }),
  },
};

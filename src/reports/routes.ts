/**
 * The report routes (docs/reports.md), behind the admin guard: summary, trend, reasons, the
 * responses listing and its CSV export. Each parses its query strictly (a 400 names the
 * parameter) and answers from the store the app was built with.
 */
import type { Logger } from 'pino';
import restify from 'restify';
import { z } from 'zod';
import type { Survey } from '../../dialogs/index.js';
import type { SurveyResponse } from '../engine/types.js';
import { type ApiPaths, adminOperation, jsonResponse, textResponse } from '../http/api-doc.js';
import { RequestError } from '../http/errors.js';
import { type AsyncHandler, jsonRoute, sendJson } from '../http/route.js';
import type { ConversationStore } from '../store/types.js';
import { streamCsv } from './csv-stream.js';
import { filterParams, parseFilter, parseQuery, type ReportFilter } from './filters.js';
import { MissingResponses } from './missing.js';
import { buildReasons, reasonsReportSchema } from './reasons.js';
import {
  DEFAULT_PAGE,
  listResponsesPage,
  MAX_PAGE,
  matchesFilter,
  readLog,
  responsesListingSchema,
} from './responses.js';
import { buildSummary, summaryReportSchema } from './summary.js';
import { buildTrend, INTERVALS, trendSchema } from './trend.js';

export interface ReportDependencies {
  server: restify.Server;
  guard: restify.RequestHandler;
  store: ConversationStore;
  survey: Survey;
  logger: Logger;
  clock?: () => number;
}

const order = z.enum(['asc', 'desc'], { error: 'expected asc or desc' }).default('desc');
const trendParams = {
  ...filterParams,
  interval: z.enum(INTERVALS, { error: 'expected day, week or month' }).default('day'),
};
const listParams = {
  ...filterParams,
  order,
  cursor: z.string().max(1000).optional(),
  limit: z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_PAGE, `expected 1 to ${MAX_PAGE}`)
    .optional(),
};
const csvParams = { ...filterParams, order };

async function* matching(rows: AsyncGenerator<SurveyResponse>, filter: ReportFilter): AsyncGenerator<SurveyResponse> {
  for await (const response of rows) if (matchesFilter(response, filter)) yield response;
}

export function mountReports({ server, guard, store, survey, logger, clock = Date.now }: ReportDependencies): void {
  const query = restify.plugins.queryParser({ mapParams: false });
  const missing = new MissingResponses(logger);
  const filterOf = (params: Parameters<typeof parseFilter>[0]) => parseFilter(params, survey.segments, clock());
  const get = (path: string, handler: AsyncHandler) =>
    server.get(
      path,
      guard,
      query,
      jsonRoute(logger, async (req, res) => {
        res.header('Cache-Control', 'no-store');
        await handler(req, res);
      }),
    );

  get('/api/reports/summary', async (req, res) => {
    sendJson(
      res,
      summaryReportSchema,
      await buildSummary(store, survey, filterOf(parseQuery(filterParams, req.query)), clock()),
    );
  });

  get('/api/reports/trend', async (req, res) => {
    const { interval, ...params } = parseQuery(trendParams, req.query);
    sendJson(res, trendSchema, await buildTrend(store, survey, filterOf(params), interval));
  });

  get('/api/reports/reasons', async (req, res) => {
    const filter = filterOf(parseQuery(filterParams, req.query));
    // Reason counters are kept per channel and touchpoint, not per segment value.
    if (filter.segment) throw new RequestError('bad_filter', 'segment: the reasons report has no segment filter');
    sendJson(res, reasonsReportSchema, await buildReasons(store, survey, filter));
  });

  get('/api/responses', async (req, res) => {
    const { order: direction, cursor, limit, ...params } = parseQuery(listParams, req.query);
    const listing = await listResponsesPage(store, survey.id, filterOf(params), {
      limit: limit ?? DEFAULT_PAGE,
      order: direction,
      cursor: cursor ?? null,
    });
    missing.note(listing.missing, 'GET /api/responses');
    sendJson(res, responsesListingSchema, listing);
  });

  get('/api/responses.csv', async (req, res) => {
    const { order: direction, ...params } = parseQuery(csvParams, req.query);
    const filter = filterOf(params);
    let gaps = 0;
    const log = readLog(store, survey.id, filter, direction, null, undefined, () => {
      gaps += 1;
    });
    const written = await streamCsv(res, matching(log, filter), {
      segments: survey.segments,
      filename: `responses-${survey.id}.csv`,
      logger,
      missing: () => gaps,
    });
    missing.note(gaps, 'GET /api/responses.csv');
    logger.info({ rows: written, missing: gaps }, 'CSV export');
  });
}

const filters = z.object(filterParams);
const report = (summary: string, query: z.ZodObject, answer: ReturnType<typeof jsonResponse>, extra = {}) => ({
  get: adminOperation({
    tags: ['reports'],
    summary,
    requestParams: { query },
    responses: { 200: answer },
    errors: ['bad_filter', 'unavailable'],
    ...extra,
  }),
});

/** The report routes in the API document (docs/api-reference.md). */
export const reportPaths: ApiPaths = {
  '/api/reports/summary': report(
    'NPS, its margin of error and band, the 0–10 distribution, the response rate and follow-up figures',
    filters,
    jsonResponse('the summary', summaryReportSchema),
  ),
  '/api/reports/trend': report(
    'NPS per day, ISO week or month, and whether each change is larger than the noise',
    z.object(trendParams),
    jsonResponse('one point per period, oldest first', trendSchema),
  ),
  '/api/reports/reasons': report(
    'the themes of the "why" answers and the detractor areas, counted per category',
    filters.omit({ segment: true }),
    jsonResponse('themes and areas, most mentioned first', reasonsReportSchema),
  ),
  '/api/responses': report(
    'a page of responses, newest first unless order=asc',
    z.object(listParams),
    jsonResponse('a page and the cursor of the next', responsesListingSchema),
    { errors: ['bad_filter', 'bad_cursor', 'unavailable'] },
  ),
  '/api/responses.csv': report(
    'every matching response as CSV, streamed',
    z.object(csvParams),
    textResponse('the same columns as a `Response`, one row each, properties last', 'text/csv'),
  ),
};

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
import { RequestError } from '../http/errors.js';
import { type AsyncHandler, jsonRoute } from '../http/route.js';
import type { ConversationStore } from '../store/types.js';
import { streamCsv } from './csv-stream.js';
import { filterParams, parseFilter, parseQuery, type ReportFilter } from './filters.js';
import { MissingResponses } from './missing.js';
import { buildReasons } from './reasons.js';
import { DEFAULT_PAGE, listResponsesPage, MAX_PAGE, matchesFilter, readLog } from './responses.js';
import { buildSummary } from './summary.js';
import { buildTrend, INTERVALS } from './trend.js';

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
    res.json(await buildSummary(store, survey, filterOf(parseQuery(filterParams, req.query)), clock()));
  });

  get('/api/reports/trend', async (req, res) => {
    const { interval, ...params } = parseQuery(trendParams, req.query);
    res.json(await buildTrend(store, survey, filterOf(params), interval));
  });

  get('/api/reports/reasons', async (req, res) => {
    const filter = filterOf(parseQuery(filterParams, req.query));
    // Reason counters are kept per channel and touchpoint, not per segment value.
    if (filter.segment) throw new RequestError('bad_filter', 'segment: the reasons report has no segment filter');
    res.json(await buildReasons(store, survey, filter));
  });

  get('/api/responses', async (req, res) => {
    const { order: direction, cursor, limit, ...params } = parseQuery(listParams, req.query);
    const listing = await listResponsesPage(store, survey.id, filterOf(params), {
      limit: limit ?? DEFAULT_PAGE,
      order: direction,
      cursor: cursor ?? null,
    });
    missing.note(listing.missing, 'GET /api/responses');
    res.json(listing);
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

/**
 * The OpenAPI 3.1 document of every route (docs/api-reference.md), built by zod-openapi from
 * the zod schemas that parse the requests and type the answers: each module that mounts routes
 * exports its `ApiPaths` beside them, and this is the one list that joins them. The document
 * is the same for every deployment (it holds no configuration, data or secret), so it is
 * served to anyone at `GET /api/openapi.json`.
 */
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type restify from 'restify';
import { z } from 'zod';
import { createDocument } from 'zod-openapi';
import { slackPaths } from '../adapters/slack/paths.js';
import { teamsPaths } from '../adapters/teams/paths.js';
import { webchatPaths } from '../adapters/webchat/paths.js';
import { campaignPaths } from './campaigns/routes.js';
import { dashboardPaths } from './dashboard/paths.js';
import { SESSION_COOKIE } from './dashboard/session.js';
import { followUpPaths } from './followups/paths.js';
import { adminPaths } from './http/admin-routes.js';
import { type ApiPaths, errorBodySchema, publicOperation } from './http/api-doc.js';
import { faviconPaths } from './http/favicon.js';
import { healthPaths } from './http/health.js';
import { outboxPaths } from './outbox/routes.js';
import { reportPaths } from './reports/routes.js';
import { schedulePaths } from './schedules/routes.js';

export const API_DOCUMENT_PATH = '/api/openapi.json';

const documentPaths: ApiPaths = {
  [API_DOCUMENT_PATH]: {
    get: publicOperation({
      tags: ['meta'],
      summary: 'this document',
      security: [],
      responses: {
        200: {
          description: 'the OpenAPI 3.1 document',
          content: { 'application/json': { schema: z.looseObject({}) } },
        },
      },
    }),
  },
};

const DESCRIPTION = `The HTTP API of npsbot, a self-hosted conversational NPS chatbot.
Admin routes take the bearer \`ADMIN_TOKEN\` (or a dashboard session cookie); without
\`ADMIN_TOKEN\` they answer requests from this machine only. Every failure is JSON
\`{ "error", "message" }\` with a code from the error catalogue. \`HEAD\` works wherever \`GET\` does.`;

/** Every module's routes; a module that mounts routes adds its `ApiPaths` here (src/http/README.md). */
const ALL_PATHS: readonly ApiPaths[] = [
  healthPaths,
  faviconPaths,
  documentPaths,
  adminPaths,
  campaignPaths,
  reportPaths,
  followUpPaths,
  schedulePaths,
  outboxPaths,
  dashboardPaths,
  webchatPaths,
  teamsPaths,
  slackPaths,
];

const VERSION = z
  .object({ version: z.string() })
  .parse(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))).version;

export type ApiDocument = ReturnType<typeof createDocument>;

export function buildApiDocument(version = VERSION): ApiDocument {
  return createDocument({
    openapi: '3.1.0',
    info: { title: 'npsbot', version, description: DESCRIPTION, license: { name: 'MIT', identifier: 'MIT' } },
    tags: [
      { name: 'health', description: 'liveness, readiness and Prometheus metrics' },
      { name: 'surveys', description: 'starting surveys, one or in bulk, and erasing a person' },
      { name: 'reports', description: 'the numbers (docs/reports.md)' },
      { name: 'follow-ups', description: 'closing the loop: the agent API (docs/closing-the-loop.md)' },
      { name: 'schedules', description: 'recurring relationship NPS (docs/schedules.md)' },
      { name: 'outbox', description: 'events that could not be delivered (docs/closing-the-loop.md)' },
      { name: 'dashboard', description: 'the dashboard page and its sign-in' },
      { name: 'webchat', description: 'the website chat bubble (docs/webchat.md)' },
      { name: 'channels', description: 'Slack and the Bot Framework post here, signed' },
      { name: 'meta', description: 'this document' },
    ],
    paths: Object.assign({}, ...ALL_PATHS),
    components: {
      // Every failure's shape, also what an unknown path or method is answered with.
      schemas: { Error: errorBodySchema },
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' },
        dashboardSession: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'the cookie `POST /dashboard/session` sets',
        },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN' },
        webchatSession: { type: 'http', scheme: 'bearer', description: 'the `token` of `POST /webchat/sessions`' },
      },
    },
  });
}

/** Serves the document, built once. */
export function mountApiDocument(server: restify.Server, logger: Logger): void {
  const body = JSON.stringify(buildApiDocument());
  logger.debug({ bytes: body.length }, 'API document built');
  server.get(API_DOCUMENT_PATH, (_req, res, next) => {
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('cache-control', 'public, max-age=300');
    res.writeHead(200);
    res.end(body);
    next();
  });
}

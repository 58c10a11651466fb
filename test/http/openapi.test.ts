/**
 * The API document (docs/api-reference.md): it passes an OpenAPI 3.1 validator, the committed
 * copy and reference are current, every route the server registers is in it and every path in
 * it is served, and every route answers — once succeeding, once failing — as it says.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiDocument } from '../../src/api-document.js';
import { renderApiReference } from '../../src/api-reference.js';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ADMIN, agentApi, webchatDetractor } from '../followups/http.js';
import { FakeSlackApi } from '../slack/fake-slack-api.js';
import { apiDocument, checkAnswer, documentedFetch } from '../support/api-contract.js';
import { testSurvey } from '../support/survey.js';

const SLACK_SECRET = 'openapi-slack-secret';
const slack = new FakeSlackApi({});
let app: App;
let base: string;

/** Every channel configured: Slack over HTTP, Teams with credentials, the admin token. */
async function fullyConfigured(extra: Record<string, string> = {}): Promise<App> {
  return createApp(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      ADMIN_TOKEN: ADMIN,
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-openapi',
      SLACK_API_URL: slack.url,
      MICROSOFT_APP_ID: 'openapi-app-id',
      MICROSOFT_APP_PASSWORD: 'openapi-app-password',
      ...extra,
    }),
    { survey: testSurvey() },
  );
}

beforeAll(async () => {
  await slack.start();
  app = await fullyConfigured();
  base = `http://127.0.0.1:${await app.listen()}`;
});
afterAll(async () => {
  await app?.close();
  await slack.stop();
});

/** `METHOD /path/{param}` for every route the server registers. */
function registeredRoutes(server: App['server']): string[] {
  const routes = Object.values(server.router.getRoutes()) as { method: string; path: string | RegExp }[];
  return routes.map((route) => `${route.method.toUpperCase()} ${String(route.path).replace(/:(\w+)/g, '{$1}')}`);
}

function documentedRoutes(): string[] {
  return Object.entries(apiDocument.paths ?? {}).flatMap(([path, item]) =>
    Object.keys(item as object)
      .filter((key) => ['get', 'post', 'put', 'patch', 'delete'].includes(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

const missing = (from: string[], inside: string[]) => from.filter((route) => !inside.includes(route)).sort();

describe('the API document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const document = buildApiDocument();
    expect(document.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
  });

  it('is committed current in docs/ (run `npm run docs:api` after changing a route)', () => {
    const document = buildApiDocument();
    const committed = readFileSync('docs/openapi.json', 'utf8');
    expect(committed, 'docs/openapi.json is stale: run `npm run docs:api`').toBe(
      `${JSON.stringify(document, null, 2)}\n`,
    );
    const reference = readFileSync('docs/api-reference.md', 'utf8');
    expect(reference, 'docs/api-reference.md is stale: run `npm run docs:api`').toBe(renderApiReference(document));
  });

  it('has every route the fully configured server registers, and nothing it does not', () => {
    const registered = registeredRoutes(app.server);
    expect(registered.length).toBeGreaterThan(30);
    expect(
      missing(registered, documentedRoutes()),
      "routes without a schema: add them to their module's ApiPaths",
    ).toEqual([]);
    expect(missing(documentedRoutes(), registered), 'documented routes the server does not serve').toEqual([]);
  });

  it('notices a route added without its schema', () => {
    app.server.get('/api/undocumented', (_req, res, next) => {
      res.send(200);
      next();
    });
    expect(missing(registeredRoutes(app.server), documentedRoutes())).toEqual(['GET /api/undocumented']);
    app.server.rm('getapiundocumented');
  });

  it('is served to anyone at /api/openapi.json', async () => {
    const served = await documentedFetch(`${base}/api/openapi.json`);
    expect(served.status).toBe(200);
    expect(await served.json()).toEqual(JSON.parse(JSON.stringify(apiDocument)));
  });
});

describe('the answer checker', () => {
  const answer = { method: 'GET', url: '/api/schedules', status: 200, contentType: 'application/json' };
  it('refuses a body that does not match, an undocumented status, media type or path', () => {
    expect(() => checkAnswer({ ...answer, text: '[]' })).not.toThrow();
    expect(() => checkAnswer({ ...answer, text: '[{"id":1}]' })).toThrow(/does not match/);
    expect(() => checkAnswer({ ...answer, status: 418, text: '{}' })).toThrow(/status 418 is not documented/);
    expect(() => checkAnswer({ ...answer, contentType: 'text/html', text: 'x' })).toThrow(
      /text\/html is not documented/,
    );
    expect(() => checkAnswer({ ...answer, url: '/api/nowhere', text: '[]' })).toThrow(/not in the API document/);
    expect(() => checkAnswer({ ...answer, status: 401, text: '{"error":"not_a_code","message":"x"}' })).toThrow(
      /does not match/,
    );
  });
});

describe('every route, once succeeding and once failing, answers as documented', () => {
  const admin = { authorization: `Bearer ${ADMIN}` };
  const json = { 'content-type': 'application/json' };
  /** `METHOD /documented/{path}` → the statuses seen, each answer checked by documentedFetch. */
  const seen = new Map<string, Set<number>>();

  async function hit(method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) {
    const { body, headers = {} } = init;
    const response = await documentedFetch(`${base}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : json), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    const route = documentedRoutes().find((entry) => {
      const [verb, template = ''] = entry.split(' ');
      return (
        verb === method &&
        new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+').replace(/\./g, '\\.')}$`).test(path.split('?')[0] ?? '')
      );
    });
    if (route) seen.set(route, new Set([...(seen.get(route) ?? []), response.status]));
    return { status: response.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
  }

  function slackSigned(body: string): Record<string, string> {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', SLACK_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestamp), ...json };
  }

  it('health, the document and the pages', async () => {
    expect((await hit('GET', '/healthz')).status).toBe(200);
    expect((await hit('GET', '/readyz')).status).toBe(200);
    expect((await hit('GET', '/metrics', { headers: admin })).status).toBe(200);
    expect((await hit('GET', '/metrics')).status).toBe(401);
    expect((await hit('GET', '/api/openapi.json')).status).toBe(200);
    expect((await hit('GET', '/')).status).toBe(200);
    expect((await hit('GET', '/webchat/widget.js')).status).toBe(200);
    expect((await hit('GET', '/favicon.ico')).status).toBe(200);
    expect((await hit('GET', '/dashboard', { headers: admin })).status).toBe(200);
    expect((await hit('GET', '/dashboard', { headers: { accept: 'text/html' } })).status).toBe(401);
    expect((await hit('GET', '/dashboard')).status).toBe(401);
    expect((await hit('GET', '/dashboard/app.js', { headers: admin })).status).toBe(200);
    expect((await hit('GET', '/dashboard/app.js')).status).toBe(401);
    expect((await hit('GET', '/dashboard/sign-in.js')).status).toBe(200);
    expect((await hit('POST', '/dashboard/session', { body: { token: ADMIN } })).status).toBe(204);
    expect((await hit('POST', '/dashboard/session', { body: { token: 'wrong' } })).status).toBe(401);
    expect((await hit('DELETE', '/dashboard/session')).status).toBe(204);
    expect((await hit('DELETE', '/dashboard/session', { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(
      403,
    );
  });

  it('surveys, campaigns, erasure and schedules', async () => {
    const survey = { channel: 'webchat', user: 'openapi-person' };
    expect((await hit('POST', '/api/surveys', { body: survey, headers: admin })).status).toBe(202);
    expect((await hit('POST', '/api/surveys', { body: { channel: 'fax' }, headers: admin })).status).toBe(400);
    const bulk = await hit('POST', '/api/surveys/bulk', { body: { surveys: [survey] }, headers: admin });
    expect(bulk.status).toBe(202);
    const csv = await hit('POST', '/api/surveys/bulk', {
      body: 'channel,user\n"unclosed',
      headers: { ...admin, 'content-type': 'text/csv' },
    });
    expect(csv.status).toBe(400);
    expect((await hit('GET', `/api/surveys/bulk/${String(bulk.json().id)}`, { headers: admin })).status).toBe(200);
    expect((await hit('GET', '/api/surveys/bulk/unknown', { headers: admin })).status).toBe(404);
    expect((await hit('DELETE', '/api/people/webchat/openapi-person', { headers: admin })).status).toBe(200);
    expect((await hit('DELETE', '/api/people/fax/someone', { headers: admin })).status).toBe(400);
    expect((await hit('GET', '/api/schedules', { headers: admin })).status).toBe(200);
    expect((await hit('GET', '/api/schedules')).status).toBe(401);
  });

  it('reports and responses', async () => {
    for (const path of [
      '/api/reports/summary',
      '/api/reports/trend',
      '/api/reports/reasons',
      '/api/responses',
      '/api/responses.csv',
    ]) {
      expect((await hit('GET', path, { headers: admin })).status).toBe(200);
      expect((await hit('GET', `${path}?from=yesterday`, { headers: admin })).status).toBe(400);
    }
    expect((await hit('GET', '/api/responses?cursor=nope', { headers: admin })).status).toBe(400);
  });

  it('web chat and follow-ups', async () => {
    const visitor = await webchatDetractor(base);
    await visitor.send({ text: 'skip' });
    expect((await hit('POST', '/webchat/sessions', { body: { locale: 5 } })).status).toBe(400);
    expect(
      (await hit('POST', `/webchat/sessions/${visitor.sessionId}/messages`, { body: { text: 'hi' } })).status,
    ).toBe(401);
    expect((await hit('GET', `/webchat/sessions/${visitor.sessionId}/messages`)).status).toBe(401);
    const auth = { authorization: `Bearer ${visitor.token}` };
    expect((await hit('GET', `/webchat/sessions/${visitor.sessionId}/messages`, { headers: auth })).status).toBe(200);
    const shown = `/webchat/sessions/${visitor.sessionId}/shown`;
    expect((await hit('POST', shown, { body: {}, headers: auth })).status).toBe(204);
    expect((await hit('POST', shown, { body: {} })).status).toBe(401);
    expect(
      (
        await hit('POST', `/webchat/sessions/${visitor.sessionId}/messages`, {
          body: { text: 'thanks' },
          headers: auth,
        })
      ).status,
    ).toBe(200);
    expect((await hit('POST', '/webchat/sessions', { body: {} })).status).toBe(201);

    const queue = await agentApi(base).list();
    const id = String((queue.json.followUps as { id: string }[])[0]?.id);
    const agent = { agent: 'Sam' };
    const steps: [string, string, unknown, number][] = [
      ['GET', `/api/follow-ups?status=all`, undefined, 200],
      ['GET', '/api/follow-ups?status=lost', undefined, 400],
      ['GET', `/api/follow-ups/${id}`, undefined, 200],
      ['GET', '/api/follow-ups/unknown', undefined, 404],
      ['GET', `/api/follow-ups/${id}/transcript`, undefined, 200],
      ['GET', '/api/follow-ups/unknown/transcript', undefined, 404],
      ['POST', `/api/follow-ups/${id}/claim`, agent, 200],
      ['POST', `/api/follow-ups/${id}/claim`, {}, 400],
      ['POST', `/api/follow-ups/${id}/replies`, { ...agent, text: 'Sorry about that' }, 200],
      ['POST', `/api/follow-ups/${id}/notes`, { ...agent, text: 'called the courier' }, 200],
      ['POST', '/api/follow-ups/unknown/notes', { ...agent, text: 'x' }, 404],
      ['POST', `/api/follow-ups/${id}/resolve`, { ...agent, resolution: 'refunded' }, 200],
      ['POST', `/api/follow-ups/${id}/replies`, { ...agent, text: 'one more thing' }, 409],
      ['POST', '/api/follow-ups/unknown/resolve', { ...agent, resolution: 'x' }, 404],
      ['POST', `/api/follow-ups/${id}/reopen`, agent, 200],
      ['POST', '/api/follow-ups/unknown/reopen', agent, 404],
    ];
    for (const [method, path, body, status] of steps)
      expect((await hit(method, path, { body, headers: admin })).status, `${method} ${path}`).toBe(status);
  });

  it('the outbox: dead letters listed, an unknown one refused', async () => {
    expect((await hit('GET', '/api/outbox/dead-letters?limit=5', { headers: admin })).status).toBe(200);
    expect((await hit('GET', '/api/outbox/dead-letters?cursor=nope', { headers: admin })).status).toBe(400);
    const retry = '/api/outbox/dead-letters/no-such-event/retry';
    expect((await hit('POST', retry, { body: {}, headers: admin })).status).toBe(404);
  });

  it('the channels: Slack signed, the Bot Framework refused without its token', async () => {
    const check = JSON.stringify({ type: 'url_verification', challenge: 'c-1' });
    expect((await hit('POST', '/slack/events', { body: check, headers: slackSigned(check) })).status).toBe(200);
    expect((await hit('POST', '/slack/events', { body: check })).status).toBe(401);
    const activity = { type: 'message', text: 'hi', serviceUrl: 'https://smba.example.com' };
    expect((await hit('POST', '/api/messages', { body: activity })).status).toBe(401);
    expect((await hit('POST', '/api/messages', { body: '[]' })).status).toBe(400);
  });

  it('covered each route with a success and a failure', () => {
    // A success of /api/messages needs a Bot Framework token (test/teams covers it on the emulator
    // path); /readyz fails only with the store down (test/http/store-outage.test.ts, checked too);
    // a retry succeeds only with a dead letter (test/outbox/dead-letters-api.test.ts, checked too).
    const cannotFail = [
      'GET /readyz',
      'GET /healthz',
      'GET /api/openapi.json',
      'GET /',
      'GET /webchat/widget.js',
      'GET /favicon.ico',
      'GET /dashboard/sign-in.js',
    ];
    const gaps = documentedRoutes().flatMap((route) => {
      const statuses = [...(seen.get(route) ?? [])];
      const lacks = [];
      const needsSetUp = ['POST /api/messages', 'POST /api/outbox/dead-letters/{id}/retry'];
      if (!statuses.some((status) => status < 300) && !needsSetUp.includes(route)) lacks.push('a success');
      if (!statuses.some((status) => status >= 400) && !cannotFail.includes(route)) lacks.push('a failure');
      return lacks.length > 0 ? [`${route}: ${lacks.join(', ')}`] : [];
    });
    expect(gaps).toEqual([]);
  });
});

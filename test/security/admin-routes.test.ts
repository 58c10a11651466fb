/**
 * The admin routes against other sites and other machines (docs/security.md), over real HTTP:
 * DNS rebinding (a wrong Host) and cross-site form posts are refused without ADMIN_TOKEN;
 * the dashboard signs in with a short-lived session cookie and out again; TRUST_PROXY decides
 * whose X-Forwarded-For is believed; /metrics takes METRICS_TOKEN.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { SESSION_SECONDS } from '../../src/dashboard/session.js';

const apps: App[] = [];
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so Host and every header are exactly what an attacker's browser would send. */
function call(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body = '',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function start(env: Record<string, string> = {}, clock?: () => number): Promise<{ app: App; port: number }> {
  const app = await createApp(
    loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env }),
    clock ? { clock } : {},
  );
  apps.push(app);
  return { app, port: await app.listen() };
}

const SURVEY = JSON.stringify({ channel: 'webchat', user: 'someone' });
const FORM = 'channel=slack&user=U123';

describe('without ADMIN_TOKEN', async () => {
  const { port } = await start();

  it('answers this machine when Host names loopback or this server', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'localhost', `[::1]:${port}`]) {
      expect((await call(port, 'GET', '/api/reports/summary', { host })).status, host).toBe(200);
    }
  });

  it('refuses a DNS-rebinding page: loopback peer, another name in Host', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, '127.0.0.1.evil.example']) {
      const answer = await call(port, 'GET', '/api/responses.csv', { host });
      expect(answer.status, host).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ error: 'host_not_allowed' });
      expect(answer.body).not.toContain('surveyId');
    }
    expect((await call(port, 'GET', '/dashboard', { host: 'evil.example' })).status).toBe(403);
    expect((await call(port, 'GET', '/metrics', { host: 'evil.example' })).status).toBe(403);
  });

  it('refuses what a page on another site can send without asking: forms, text/plain, no type', async () => {
    const attempts: [string, string, Record<string, string>, string][] = [
      ['/api/surveys', FORM, { 'content-type': 'application/x-www-form-urlencoded' }, 'unsupported_media_type'],
      ['/api/surveys', SURVEY, { 'content-type': 'text/plain' }, 'unsupported_media_type'],
      ['/api/surveys', SURVEY, { 'content-type': 'multipart/form-data; boundary=x' }, 'unsupported_media_type'],
      ['/api/surveys', SURVEY, {}, 'unsupported_media_type'],
      ['/api/surveys/bulk', SURVEY, { 'content-type': 'text/plain;charset=UTF-8' }, 'unsupported_media_type'],
      // A form post from another origin, as the browser sends it.
      [
        '/api/surveys',
        FORM,
        {
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'https://evil.example',
          'sec-fetch-site': 'cross-site',
        },
        'cross_site',
      ],
      // Even JSON, when the browser says another site's page sent it.
      ['/api/surveys', SURVEY, { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }, 'cross_site'],
      ['/api/surveys', SURVEY, { 'content-type': 'application/json', origin: 'https://evil.example' }, 'cross_site'],
    ];
    for (const [path, body, headers, error] of attempts) {
      const answer = await call(port, 'POST', path, headers, body);
      expect(answer.status, JSON.stringify(headers)).toBe(error === 'cross_site' ? 403 : 415);
      expect(JSON.parse(answer.body)).toMatchObject({ error });
    }
    const erase = await call(port, 'DELETE', '/api/people/webchat/someone', { 'sec-fetch-site': 'cross-site' });
    expect(erase.status).toBe(403);
  });

  it('takes JSON (and CSV on the bulk route) from the operator on this machine', async () => {
    const json = { 'content-type': 'application/json' };
    expect((await call(port, 'POST', '/api/surveys', json, SURVEY)).status).toBe(202);
    const sameOrigin = { ...json, origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' };
    expect((await call(port, 'POST', '/api/surveys', sameOrigin, SURVEY)).status).toBe(202);
    const csv = await call(
      port,
      'POST',
      '/api/surveys/bulk',
      { 'content-type': 'text/csv' },
      'channel,user\nwebchat,a\n',
    );
    expect(csv.status).toBe(202);
  });

  it('has no sign-in to offer', async () => {
    const answer = await call(
      port,
      'POST',
      '/dashboard/session',
      { 'content-type': 'application/json' },
      '{"token":"x"}',
    );
    expect(answer.status).toBe(404);
  });
});

describe('with ADMIN_TOKEN: the dashboard session', async () => {
  let now = Date.now();
  const { port } = await start({ ADMIN_TOKEN: 'the-admin-token' }, () => now);
  const json = { 'content-type': 'application/json' };

  const signIn = async (headers: Record<string, string> = {}) => {
    const answer = await call(
      port,
      'POST',
      '/dashboard/session',
      { ...json, ...headers },
      '{"token":"the-admin-token"}',
    );
    expect(answer.status).toBe(204);
    const setCookie = String(answer.headers['set-cookie'] ?? '');
    return { setCookie, cookie: setCookie.split(';')[0] ?? '' };
  };

  it('shows a browser the sign-in page, not a Basic-auth box', async () => {
    const answer = await call(port, 'GET', '/dashboard', { accept: 'text/html' });
    expect(answer.status).toBe(401);
    expect(answer.headers['content-type']).toContain('text/html');
    expect(answer.headers['www-authenticate']).toBeUndefined();
    expect(answer.body).toContain('type="password"');
    expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await call(port, 'GET', '/dashboard/sign-in.js')).status).toBe(200);
  });

  it('refuses a wrong token, a form post and a cross-site sign-in', async () => {
    expect((await call(port, 'POST', '/dashboard/session', json, '{"token":"wrong"}')).status).toBe(401);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect((await call(port, 'POST', '/dashboard/session', form, 'token=the-admin-token')).status).toBe(415);
    const cross = { ...json, 'sec-fetch-site': 'cross-site' };
    expect((await call(port, 'POST', '/dashboard/session', cross, '{"token":"the-admin-token"}')).status).toBe(403);
  });

  it('sets an HttpOnly, SameSite=Strict cookie for an hour that opens the dashboard and the reports', async () => {
    const { setCookie, cookie } = await signIn();
    expect(setCookie).toMatch(/^npsbot_session=[^;]+; Path=\/; Max-Age=3600; HttpOnly; SameSite=Strict$/);
    // Plain HTTP and no trusted proxy: no Secure flag, or the browser would drop the cookie.
    expect(setCookie).not.toContain('Secure');
    const page = await call(port, 'GET', '/dashboard', { cookie, accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('id="sign-out"');
    expect((await call(port, 'GET', '/api/reports/summary', { cookie })).status).toBe(200);
    expect((await call(port, 'GET', '/api/reports/summary', { cookie: `${cookie}x` })).status).toBe(401);
    // A cookie session may act too, but only with JSON from the dashboard's own origin.
    expect((await call(port, 'POST', '/api/surveys', { ...json, cookie }, SURVEY)).status).toBe(202);
    const csrf = { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: 'https://evil.example' };
    expect((await call(port, 'POST', '/api/surveys', csrf, FORM)).status).toBe(403);
    expect((await call(port, 'POST', '/api/surveys', { cookie, 'content-type': 'text/plain' }, SURVEY)).status).toBe(
      415,
    );
  });

  it('ends after an hour, and at once on sign-out', async () => {
    const { cookie } = await signIn();
    now += (SESSION_SECONDS - 1) * 1000;
    expect((await call(port, 'GET', '/api/reports/summary', { cookie })).status).toBe(200);
    now += 2000;
    expect((await call(port, 'GET', '/api/reports/summary', { cookie })).status).toBe(401);

    const signOut = await call(port, 'DELETE', '/dashboard/session', { cookie });
    expect(signOut.status).toBe(204);
    expect(String(signOut.headers['set-cookie'])).toMatch(
      /^npsbot_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict/,
    );
  });

  it('marks the cookie Secure when a trusted proxy says the browser came over https', async () => {
    expect((await signIn({ 'x-forwarded-proto': 'https' })).setCookie).not.toContain('Secure');
    const behindProxy = await start({ ADMIN_TOKEN: 'the-admin-token', TRUST_PROXY: '127.0.0.0/8' });
    const answer = await call(
      behindProxy.port,
      'POST',
      '/dashboard/session',
      { ...json, 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.4' },
      '{"token":"the-admin-token"}',
    );
    expect(String(answer.headers['set-cookie'])).toMatch(/; Secure$/);
  });
});

describe('TRUST_PROXY', () => {
  it('believes X-Forwarded-For only from the proxies it lists, for the loopback check', async () => {
    const trusting = await start({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' });
    const local = { 'x-forwarded-for': '127.0.0.1' };
    expect((await call(trusting.port, 'GET', '/api/reports/summary', local)).status).toBe(200);
    // The client is whoever the trusted proxy says, however many addresses the client wrote before it.
    const remote = { 'x-forwarded-for': '127.0.0.1, 203.0.113.9' };
    expect((await call(trusting.port, 'GET', '/api/reports/summary', remote)).status).toBe(401);
    const nobody = await start({});
    expect((await call(nobody.port, 'GET', '/api/reports/summary', local)).status).toBe(401);
  });

  it('keys the web chat rate limit by the forwarded client behind a trusted proxy, by the peer otherwise', async () => {
    const post = (port: number, client: string) =>
      call(port, 'POST', '/webchat/sessions', { 'content-type': 'application/json', 'x-forwarded-for': client }, '{}');
    const limits = { WEBCHAT_CLIENT_RATE: '2/0.001' };
    const trusting = await start({ ...limits, TRUST_PROXY: '127.0.0.1' });
    expect([
      (await post(trusting.port, '198.51.100.1')).status,
      (await post(trusting.port, '198.51.100.1')).status,
    ]).toEqual([201, 201]);
    expect((await post(trusting.port, '198.51.100.1')).status).toBe(429);
    expect((await post(trusting.port, '198.51.100.2')).status).toBe(201);

    const untrusting = await start(limits);
    await post(untrusting.port, '198.51.100.1');
    await post(untrusting.port, '198.51.100.1');
    // A made-up X-Forwarded-For does not buy a new bucket.
    expect((await post(untrusting.port, '198.51.100.2')).status).toBe(429);
  });

  it('refuses a malformed entry at start-up, naming the variable', () => {
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.internal' })).toThrow(/TRUST_PROXY/);
  });
});

describe('METRICS_TOKEN', async () => {
  const { port } = await start({ ADMIN_TOKEN: 'the-admin-token', METRICS_TOKEN: 'the-scraper-token' });

  it('lets the scraper in with its own token, and nobody without one', async () => {
    expect((await call(port, 'GET', '/metrics')).status).toBe(401);
    expect((await call(port, 'GET', '/metrics', { authorization: 'Bearer wrong' })).status).toBe(401);
    const scraped = await call(port, 'GET', '/metrics', { authorization: 'Bearer the-scraper-token' });
    expect(scraped.status).toBe(200);
    expect(scraped.body).toContain('npsbot_responses_total');
    // The scraper's token opens nothing else.
    expect(
      (await call(port, 'GET', '/api/reports/summary', { authorization: 'Bearer the-scraper-token' })).status,
    ).toBe(401);
  });
});

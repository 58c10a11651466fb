/**
 * HTTP manners over real HTTP: HEAD answers wherever GET does, with the GET's status and
 * headers and no body (guards included); the demo page's favicon is served.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

const TOKEN = 'manners-admin-token';
let app: App;
let port: number;

beforeAll(async () => {
  app = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ADMIN_TOKEN: TOKEN }));
  port = await app.listen();
});
afterAll(async () => {
  await app.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function call(method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Headers that must match between GET and HEAD: all but the date, the connection's and the framing of a body. */
const compared = (headers: Answer['headers']) =>
  Object.fromEntries(
    Object.entries(headers).filter(
      ([name]) => !['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(name),
    ),
  );

const admin = { authorization: `Bearer ${TOKEN}` };

describe('HEAD', () => {
  it.each([
    ['/healthz', {}],
    ['/readyz', {}],
    ['/', {}],
    ['/webchat/widget.js', {}],
    ['/favicon.ico', {}],
    ['/dashboard', admin],
    ['/dashboard', {}],
    ['/api/reports/summary', admin],
    ['/api/reports/summary', {}],
    ['/api/reports/summary?channel=fax', admin],
    ['/api/responses', admin],
    ['/metrics', admin],
  ] as const)('%s answers HEAD as it answers GET, without a body', async (path, headers) => {
    const got = await call('GET', path, headers);
    const head = await call('HEAD', path, headers);
    expect(head.status, path).toBe(got.status);
    expect(got.status).not.toBe(405);
    expect(head.body.length).toBe(0);
    expect(got.body.length).toBeGreaterThan(0);
    const [getHeaders, headHeaders] = [compared(got.headers), compared(head.headers)];
    // /metrics and /readyz compute their body on each call; their length may differ by a digit.
    if (path === '/metrics') {
      delete getHeaders['content-length'];
      delete headHeaders['content-length'];
    }
    expect(headHeaders).toEqual(getHeaders);
  });

  it('HEAD on a route that has no GET is still refused as GET would be', async () => {
    const got = await call('GET', '/webchat/sessions');
    const head = await call('HEAD', '/webchat/sessions');
    expect(head.status).toBe(got.status);
  });
});

describe('favicon', () => {
  it('/favicon.ico is a small SVG, and the demo page links it', async () => {
    const icon = await call('GET', '/favicon.ico');
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    expect(icon.body.length).toBeLessThan(1024);
    expect(icon.body.toString()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/);
    const demo = (await call('GET', '/')).body.toString();
    expect(demo).toContain('<link rel="icon" href="/favicon.ico" type="image/svg+xml">');
  });
});

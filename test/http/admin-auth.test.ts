/**
 * The admin guard (the README's "Configuration", docs/reports.md): a bearer ADMIN_TOKEN when one is set; without one, only
 * direct requests from this machine. Over real HTTP where the machine allows it, and on the
 * guard itself for addresses a test cannot connect from.
 */

import { BlockList } from 'node:net';
import type restify from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { adminGuard, isLoopback } from '../../src/http/admin-auth.js';

async function startApp(env: Record<string, string>): Promise<{ app: App; base: string }> {
  const app = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env }));
  return { app, base: `http://127.0.0.1:${await app.listen()}` };
}

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    json: type.includes('json') ? ((await response.json()) as Record<string, unknown>) : null,
  };
}

describe('with ADMIN_TOKEN set', () => {
  let app: App;
  let base: string;
  beforeAll(async () => {
    ({ app, base } = await startApp({ ADMIN_TOKEN: 's3cret-admin-token' }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses admin routes without the token, even from loopback, with a JSON 401 and a challenge', async () => {
    for (const path of ['/api/reports/summary', '/api/responses', '/dashboard']) {
      const answer = await get(`${base}${path}`);
      expect(answer.status, path).toBe(401);
      expect(answer.json, path).toMatchObject({ error: 'unauthorized', message: expect.any(String) });
      expect(answer.headers.get('www-authenticate'), path).toMatch(/^(Bearer|Basic) realm="npsbot"/);
    }
  });

  it('refuses a wrong token of any length and a token sent without the Bearer scheme', async () => {
    for (const authorization of ['Bearer s3cret-admin-tokeN', 'Bearer s3cret', 'Bearer ', 's3cret-admin-token']) {
      expect((await get(`${base}/api/reports/summary`, { authorization })).status, authorization).toBe(401);
    }
  });

  it('lets the right bearer token in, whatever the case of "Bearer"', async () => {
    for (const scheme of ['Bearer', 'bearer']) {
      const answer = await get(`${base}/api/reports/summary`, { authorization: `${scheme} s3cret-admin-token` });
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ total: expect.any(Number), distribution: expect.any(Array) });
    }
  });

  it('leaves the public routes alone, and keeps /metrics (it shows the NPS) behind the token', async () => {
    expect((await get(`${base}/healthz`)).status).toBe(200);
    expect((await get(`${base}/webchat/widget.js`)).status).toBe(200);
    expect((await get(`${base}/metrics`)).status).toBe(401);
    expect((await get(`${base}/metrics`, { authorization: 'Bearer s3cret-admin-token' })).status).toBe(200);
  });
});

describe('without ADMIN_TOKEN', () => {
  let app: App;
  let base: string;
  beforeAll(async () => {
    ({ app, base } = await startApp({}));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lets direct requests from this machine in', async () => {
    expect((await get(`${base}/api/reports/summary`)).status).toBe(200);
  });

  it('refuses requests relayed by a reverse proxy on this machine', async () => {
    for (const [name, value] of [
      ['x-forwarded-for', '203.0.113.9'],
      ['forwarded', 'for=203.0.113.9'],
      ['x-real-ip', '203.0.113.9'],
    ] as const) {
      const answer = await get(`${base}/api/reports/summary`, { [name]: value });
      expect(answer.status, name).toBe(401);
      expect(answer.json).toMatchObject({ error: 'unauthorized', message: expect.stringContaining('ADMIN_TOKEN') });
    }
  });
});

/** A request as the guard sees it: a peer address and headers. */
function fakeRequest(remoteAddress: string | undefined, headers: Record<string, string> = {}): restify.Request {
  const request = {
    method: 'GET',
    socket: { remoteAddress, localAddress: '127.0.0.1' },
    header: (name: string) => ({ host: '127.0.0.1:3978', ...headers })[name.toLowerCase()],
  };
  return request as unknown as restify.Request;
}

function fakeResponse() {
  const sent: { status?: number; body?: unknown; headers: Record<string, string> } = { headers: {} };
  const response = {
    headersSent: false,
    header: (name: string, value: string) => {
      sent.headers[name] = value;
    },
    status: (code: number) => {
      sent.status = code;
    },
    json: (body: unknown) => {
      sent.body = body;
    },
  };
  return { response: response as unknown as restify.Response, sent };
}

describe('which peers count as this machine', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['192.0.2.2', false],
    ['10.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['fd00::2', false],
    ['1127.0.0.1', false],
    [undefined, false],
  ])('%s → %s', (address, local) => {
    expect(isLoopback(fakeRequest(address), new BlockList())).toBe(local);
  });

  it('refuses a remote peer without a token and stops the chain', () => {
    const { response, sent } = fakeResponse();
    let passedOn: unknown = 'not called';
    adminGuard({ adminToken: undefined, trustProxy: new BlockList() })(
      fakeRequest('192.0.2.2'),
      response,
      (arg?: unknown) => {
        passedOn = arg;
      },
    );
    expect(passedOn).toBe(false);
    expect(sent.status).toBe(401);
    expect(sent.body).toMatchObject({ error: 'unauthorized' });
  });

  it('lets a remote peer in with the token', () => {
    const { response, sent } = fakeResponse();
    let passedOn: unknown = 'not called';
    adminGuard({ adminToken: 'tok', trustProxy: new BlockList() })(
      fakeRequest('192.0.2.2', { authorization: 'Bearer tok' }),
      response,
      (arg?: unknown) => {
        passedOn = arg;
      },
    );
    expect(passedOn).toBeUndefined();
    expect(sent.status).toBeUndefined();
  });
});

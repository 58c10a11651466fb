/**
 * Connections and timeouts (docs/security.md): the server's limits as configured, each limit
 * enforced on a real socket (with short limits, so the test does not wait ten seconds), and the
 * web chat origin check applied to the path the router reads, however it is spelled.
 */
import { connect, type Socket } from 'node:net';
import pino from 'pino';
import type restify from 'restify';
import { afterEach, describe, expect, it } from 'vitest';
import { normalisedPath } from '../../adapters/webchat/cors.js';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { readJson } from '../../src/http/body.js';
import { jsonRoute } from '../../src/http/route.js';
import { CONNECTION_LIMITS, type ConnectionLimits, createHttpServer } from '../../src/http/server.js';

const silent = pino({ level: 'silent' });
const servers: restify.Server[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

async function serverWith(limits: Partial<ConnectionLimits>): Promise<number> {
  const server = createHttpServer(silent, { ...CONNECTION_LIMITS, ...limits });
  server.post(
    '/echo',
    jsonRoute(silent, async (req, res) => {
      res.json({ got: await readJson(req, res, 1024) });
    }),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** A raw connection; `ended` resolves with everything the server sent once it closes the connection. */
function open(port: number): Promise<{ socket: Socket; ended: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const ended = new Promise<string>((done) => socket.once('close', () => done(received)));
    socket.on('error', () => {});
    socket.once('connect', () => resolve({ socket, ended }));
    socket.once('error', reject);
  });
}

describe('the server limits', () => {
  it('are 10 s for headers, 15 s for a whole request, 5 s idle keep-alive and 1,000 connections', async () => {
    const app: App = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }));
    const http = app.server.server;
    expect({
      headersTimeout: http.headersTimeout,
      requestTimeout: http.requestTimeout,
      keepAliveTimeout: http.keepAliveTimeout,
      maxConnections: http.maxConnections,
    }).toEqual({ headersTimeout: 10_000, requestTimeout: 15_000, keepAliveTimeout: 5_000, maxConnections: 1_000 });
    await app.close();
  });

  it('answers 408 and closes a connection whose headers do not arrive in time', async () => {
    const port = await serverWith({ headersMs: 300, requestMs: 600, checkEveryMs: 100 });
    const { socket, ended } = await open(port);
    socket.write('POST /echo HTTP/1.1\r\nHost: x\r\n');
    expect(await ended).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers 408 and closes a connection whose body trickles in', async () => {
    const port = await serverWith({ headersMs: 300, requestMs: 600, checkEveryMs: 100 });
    const { socket, ended } = await open(port);
    socket.write(
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":',
    );
    expect(await ended).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes an idle keep-alive connection after its answer', async () => {
    const port = await serverWith({ keepAliveMs: 200 });
    const { socket, ended } = await open(port);
    socket.write('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
    const received = await ended;
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
    expect(received).toMatch(/keep-alive/i);
  });

  it('closes connections over the cap at once and serves new ones when others leave', async () => {
    const port = await serverWith({ maxConnections: 2 });
    const first = await open(port);
    await open(port);
    // Let the server accept both before the third knocks.
    first.socket.write(
      'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
    );
    await new Promise<void>((resolve) => first.socket.once('data', () => resolve()));
    const third = await open(port);
    expect(await third.ended).toBe('');
    first.socket.destroy();
    await first.ended;
    const fourth = await open(port);
    fourth.socket.write(
      'POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
    );
    expect(await fourth.ended).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('the web chat origin check', () => {
  it.each([
    ['/webchat/sessions', '/webchat/sessions'],
    ['/%77ebchat/sessions', '/webchat/sessions'],
    ['/webchat/%73essions?x=1', '/webchat/sessions'],
    ['//webchat//sessions', '/webchat/sessions'],
    ['/WebChat/Sessions', '/webchat/sessions'],
    ['/x/../webchat/sessions', '/webchat/sessions'],
    ['/%2e%2e/webchat/sessions', '/webchat/sessions'],
    ['/webchat%2fsessions', '/webchat/sessions'],
    ['/%zz/webchat', '/%zz/webchat'],
    // Plain paths (what the bubble sends) come back as they are; anything else is worked out.
    [
      '/webchat/sessions/3f1c0d2e-aa01-4b7e-9c1d-0e2f3a4b5c6d/messages',
      '/webchat/sessions/3f1c0d2e-aa01-4b7e-9c1d-0e2f3a4b5c6d/messages',
    ],
    ['/webchat/sessions/', '/webchat/sessions/'],
    ['/', '/'],
    ['', '/'],
    ['webchat/sessions', '/webchat/sessions'],
    ['/webchat/./sessions', '/webchat/sessions'],
    ['/webchat/sessions/..', '/webchat/'],
    ['/webchat\\sessions', '/webchat/sessions'],
    ['/webchat/sessions//', '/webchat/sessions/'],
  ])('reads %s as %s', (url, path) => {
    expect(normalisedPath(url)).toBe(path);
  });

  it('refuses another origin however the path is spelled, and lets the allowed one in', async () => {
    const app = await createApp(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        WEBCHAT_ALLOWED_ORIGINS: 'https://shop.example.com',
      }),
    );
    const base = `http://127.0.0.1:${await app.listen()}`;
    const post = (path: string, origin: string) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: '{}' });
    for (const path of ['/webchat/sessions', '/%77ebchat/sessions', '/webchat/%73essions', '/WEBCHAT/sessions']) {
      const refused = await post(path, 'https://evil.example.net');
      // Never a session: refused by origin (403), or a path the router does not know (404).
      expect([403, 404]).toContain(refused.status);
      if (path.includes('%')) expect(refused.status).toBe(403);
    }
    expect((await post('/%77ebchat/sessions', 'https://shop.example.com')).status).toBe(201);
    await app.close();
  });
});

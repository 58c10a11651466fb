/**
 * Emulator mode (no Teams credentials, docs/teams.md, docs/security.md): the bot answers only
 * loopback serviceUrls unless TEAMS_EMULATOR_URLS lists more, and start-up warns once that
 * this mode is not for the internet. Over real HTTP with the fake connector on 127.0.0.1.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceUrlPolicy } from '../../adapters/teams/service-url.js';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { FakeConnector } from '../teams/fake-connector.js';

const connector = new FakeConnector();
const apps: App[] = [];
beforeAll(async () => {
  await connector.start();
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await connector.stop();
});

/** The app with its log lines captured. */
async function start(env: Record<string, string> = {}): Promise<{ app: App; base: string; lines: string[] }> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = pino({ level: 'warn' }, sink);
  const app = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', ...env }), { logger });
  apps.push(app);
  return { app, base: `http://127.0.0.1:${await app.listen()}`, lines };
}

function activity(type: string, serviceUrl: string, fields: Record<string, unknown> = {}) {
  const id = randomUUID().slice(0, 8);
  return {
    type,
    id,
    serviceUrl,
    channelId: 'emulator',
    from: { id: `user-${id}`, name: 'Visitor' },
    conversation: { id: `conv-${id}` },
    recipient: { id: 'bot' },
    ...fields,
  };
}

const post = (base: string, body: unknown) =>
  fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('without Teams credentials', () => {
  it('warns once at start-up that Emulator mode is not for the internet', async () => {
    const { lines } = await start();
    const warnings = lines.filter((line) => line.includes('Emulator mode'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0] as string)).toMatchObject({
      level: 40,
      msg: expect.stringContaining('not for the internet'),
    });
  });

  it('answers a loopback serviceUrl and refuses any other before doing anything', async () => {
    const { app, base } = await start();
    const before = connector.calls.length;
    const local = await post(base, activity('message', connector.url, { text: 'hi' }));
    expect(local.status).toBe(200);
    expect(connector.calls.length).toBeGreaterThan(before);

    for (const serviceUrl of ['https://relay.example.net/', 'http://203.0.113.7:8080/v3/', 'file:///etc/passwd']) {
      const sent = connector.calls.length;
      const foreign = activity('message', serviceUrl, { text: 'hi' });
      const answer = await post(base, foreign);
      expect(answer.status, serviceUrl).toBe(403);
      expect(await answer.json()).toMatchObject({ error: 'service_url_not_allowed' });
      expect(connector.calls.length).toBe(sent);
      expect(await app.store.getReference({ channel: 'teams', user: foreign.from.id })).toBeNull();
    }
  });

  it('answers the URLs TEAMS_EMULATOR_URLS lists besides loopback', async () => {
    const { app, base } = await start({ TEAMS_EMULATOR_URLS: 'https://bots.example.net/amer, http://10.1.2.3:3978' });
    for (const serviceUrl of ['https://bots.example.net/amer/', 'http://10.1.2.3:3978/']) {
      // An installation stores the way back without sending anything, so no network is needed.
      const installed = activity('conversationUpdate', serviceUrl, { membersAdded: [{ id: 'bot' }] });
      expect((await post(base, installed)).status, serviceUrl).toBe(200);
      expect(await app.store.getReference({ channel: 'teams', user: installed.from.id })).not.toBeNull();
    }
    const elsewhere = activity('conversationUpdate', 'https://bots.example.net/amerX/');
    expect((await post(base, elsewhere)).status).toBe(403);
  });

  it.each([
    ['http://127.0.0.1:9/', true],
    ['http://127.8.0.1/', true],
    ['http://localhost:3978/', true],
    ['http://[::1]:3978/', true],
    ['https://bots.example.net/amer/v3', true],
    ['https://bots.example.net/americas/', false],
    ['https://bots.example.net.evil.test/amer/', false],
    ['http://bots.example.net/amer/', false],
    ['http://169.254.169.254/latest/', false],
    ['http://127.0.0.1.evil.test/', false],
    ['not a url', false],
  ])('%s → %s', (serviceUrl, allowed) => {
    expect(serviceUrlPolicy(['https://bots.example.net/amer'])(serviceUrl)).toBe(allowed);
  });
});

describe('with Teams credentials', () => {
  it('does not warn, and leaves the serviceUrl to the Bot Framework token check', async () => {
    const { base, lines } = await start({ MICROSOFT_APP_ID: 'app-id', MICROSOFT_APP_PASSWORD: 'secret' });
    expect(lines.filter((line) => line.includes('Emulator mode'))).toEqual([]);
    const answer = await post(base, activity('message', 'https://relay.example.net/', { text: 'hi' }));
    expect(answer.status).toBe(401);
  });
});

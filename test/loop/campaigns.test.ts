/**
 * Campaigns: many people at once, paced per channel, with every person's status reported —
 * as JSON and as a CSV upload through the admin API, and the runner's pacing on its own.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { CampaignRunner } from '../../src/campaigns/campaign.js';
import { loadConfig } from '../../src/config.js';
import { type ProactiveChannel, ProactiveChannels, type ProactiveRequest } from '../../src/proactive.js';
import { documentedFetch } from '../support/api-contract.js';

/** A channel that answers from a table of people, and records whom it was asked to survey. */
function fakeChannel(channel: 'slack' | 'teams', asked: ProactiveRequest[]): ProactiveChannel {
  return {
    channel,
    unreachable: 'no_reference',
    startSurvey: async (request) => {
      asked.push(request);
      if (request.user.startsWith('stop')) return 'opted_out';
      if (request.user.startsWith('recent')) return 'throttled';
      if (request.user.startsWith('broken')) throw new Error('channel down');
      return 'sent';
    },
    deliver: async () => true,
  };
}

describe('bulk surveys through the admin API', () => {
  let app: App;
  let base: string;
  const asked: ProactiveRequest[] = [];

  beforeAll(async () => {
    app = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ADMIN_TOKEN: 'admin' }), {
      pacingMs: { slack: 1, teams: 1, webchat: 0, terminal: 0 },
    });
    app.proactive.register(fakeChannel('slack', asked));
    base = `http://127.0.0.1:${await app.listen()}`;
  });
  afterAll(async () => {
    await app?.close();
  });

  const post = (body: string, contentType: string) =>
    documentedFetch(`${base}/api/surveys/bulk`, {
      method: 'POST',
      headers: { 'content-type': contentType, authorization: 'Bearer admin' },
      body,
    });

  it('runs a JSON campaign and reports each person', async () => {
    const answer = await post(
      JSON.stringify({
        surveys: [
          { channel: 'slack', user: 'U1', touchpoint: 'quarterly' },
          { channel: 'slack', user: 'stop-U2' },
          { channel: 'slack', user: 'recent-U3' },
          { channel: 'teams', user: 'aad-nobody' },
        ],
      }),
      'application/json',
    );
    expect(answer.status).toBe(202);
    const started = (await answer.json()) as { id: string; total: number };
    expect(started.total).toBe(4);
    const view = await app.campaigns.finished(started.id);
    expect(view?.results).toEqual([
      { channel: 'slack', user: 'U1', status: 'sent' },
      { channel: 'slack', user: 'stop-U2', status: 'opted_out' },
      { channel: 'slack', user: 'recent-U3', status: 'throttled' },
      { channel: 'teams', user: 'aad-nobody', status: 'no_conversation' },
    ]);
    const polled = await documentedFetch(`${base}/api/surveys/bulk/${started.id}`, {
      headers: { authorization: 'Bearer admin' },
    });
    expect(await polled.json()).toMatchObject({
      done: true,
      counts: { sent: 1, opted_out: 1, throttled: 1, no_conversation: 1, pending: 0 },
    });
    expect(asked.find((request) => request.user === 'U1')).toEqual({
      user: 'U1',
      touchpoint: 'quarterly',
      properties: {},
    });
  });

  it('takes a CSV upload with property columns', async () => {
    const csv = 'channel,user,touchpoint,plan,region\nslack,U10,after-purchase,pro,emea\nslack,broken-U11,,free,\n';
    const answer = await post(csv, 'text/csv');
    expect(answer.status).toBe(202);
    const view = await app.campaigns.finished(((await answer.json()) as { id: string }).id);
    expect(view?.results.map((result) => result.status)).toEqual(['sent', 'failed']);
    expect(asked.find((request) => request.user === 'U10')).toEqual({
      user: 'U10',
      touchpoint: 'after-purchase',
      properties: { plan: 'pro', region: 'emea' },
    });
  });

  it('refuses bad campaigns with 400 and strangers with 401', async () => {
    expect((await post(JSON.stringify({ surveys: [] }), 'application/json')).status).toBe(400);
    expect((await post(JSON.stringify({ surveys: [{ channel: 'fax', user: 'x' }] }), 'application/json')).status).toBe(
      400,
    );
    expect((await post('channel,user\n"unterminated', 'text/csv')).status).toBe(400);
    const stranger = await documentedFetch(`${base}/api/surveys/bulk`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(stranger.status).toBe(401);
  });
});

describe('campaign pacing', () => {
  it('pauses between sends on one channel, and runs channels side by side', async () => {
    const pauses: number[] = [];
    const asked: ProactiveRequest[] = [];
    const channels = new ProactiveChannels();
    channels.register(fakeChannel('slack', asked));
    channels.register(fakeChannel('teams', asked));
    const runner = new CampaignRunner(
      channels,
      pino({ level: 'silent' }),
      () => 'campaign-1',
      { slack: 1200, teams: 250, webchat: 0, terminal: 0 },
      async (ms) => void pauses.push(ms),
    );
    const entries = [
      ...['U1', 'U2', 'U3'].map((user) => ({ channel: 'slack' as const, user, touchpoint: null, properties: {} })),
      ...['A1', 'A2'].map((user) => ({ channel: 'teams' as const, user, touchpoint: null, properties: {} })),
    ];
    runner.start(entries);
    const view = await runner.finished('campaign-1');
    expect(view?.counts).toMatchObject({ sent: 5, pending: 0 });
    expect(pauses.sort((a, b) => a - b)).toEqual([250, 1200, 1200]);
  });
});

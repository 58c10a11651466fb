/**
 * `POST /api/surveys` over real HTTP: `no_conversation` says why in `reason`
 * (docs/closing-the-loop.md) — a channel that is not configured, a Teams person with no stored
 * conversation, a Slack user Slack will not open a DM with, a web visitor — while the status
 * itself stays `no_conversation`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { FakeSlackApi } from '../slack/fake-slack-api.js';

const TOKEN = 'reasons-admin-token';
const slack = new FakeSlackApi({ UANA: { name: 'Ana', locale: 'en-US' } });
const apps: App[] = [];

async function start(env: Record<string, string>): Promise<string> {
  const app = await createApp(
    loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ADMIN_TOKEN: TOKEN, ...env }),
  );
  apps.push(app);
  return `http://127.0.0.1:${await app.listen()}`;
}

async function survey(base: string, body: Record<string, unknown>): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${base}/api/surveys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

let bare: string;
let withSlack: string;
beforeAll(async () => {
  await slack.start();
  bare = await start({});
  withSlack = await start({
    SLACK_SIGNING_SECRET: 'reasons-secret',
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_API_URL: slack.url,
  });
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await slack.stop();
});

describe('no_conversation says why', () => {
  it('a channel that is not configured: channel_not_configured', async () => {
    expect(await survey(bare, { channel: 'slack', user: 'UANA' })).toEqual({
      status: 202,
      json: { status: 'no_conversation', reason: 'channel_not_configured' },
    });
  });

  it('a Teams person who never wrote to the bot: no_reference', async () => {
    expect(await survey(bare, { channel: 'teams', user: 'aad-stranger' })).toEqual({
      status: 202,
      json: { status: 'no_conversation', reason: 'no_reference' },
    });
  });

  it('a Slack user Slack will not open a DM with: dm_not_opened; a reachable one is sent, with no reason', async () => {
    slack.failOnce.set('conversations.open undefined', 'user_not_found');
    expect(await survey(withSlack, { channel: 'slack', user: 'UGONE' })).toEqual({
      status: 202,
      json: { status: 'no_conversation', reason: 'dm_not_opened' },
    });
    expect(await survey(withSlack, { channel: 'slack', user: 'UANA' })).toEqual({
      status: 202,
      json: { status: 'sent' },
    });
  });

  it('a web visitor: visitor_not_reachable', async () => {
    expect(await survey(bare, { channel: 'webchat', user: 'customer-1' })).toEqual({
      status: 202,
      json: { status: 'no_conversation', reason: 'visitor_not_reachable' },
    });
  });
});

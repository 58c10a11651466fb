/**
 * The Slack receiver on its own, over real HTTP with a real Bolt app: Slack's certificate
 * check is answered without a signature, and a listener that never acknowledges is
 * acknowledged for it, well inside Slack's 3 s, so Slack does not retry the request.
 */
import { createHmac } from 'node:crypto';
import { App } from '@slack/bolt';
import pino from 'pino';
import type restify from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RestifySlackReceiver } from '../../adapters/slack/receiver.js';
import { createHttpServer } from '../../src/http/server.js';

const SECRET = 'receiver-signing-secret';
const logger = pino({ level: 'silent' });
let server: restify.Server;
let base: string;
/** Lets the listener that never acknowledges finish once the test is over. */
let release: () => void = () => {};
let listenerRan = false;

beforeAll(async () => {
  server = createHttpServer(logger);
  // A short no-ack timeout: the test shows the answer comes from it, not how long it takes.
  const receiver = new RestifySlackReceiver(SECRET, logger, Date.now, 50);
  server.post('/slack/events', ...receiver.handlers());
  const app = new App({
    receiver,
    token: 'xoxb-test',
    botId: 'B1',
    botUserId: 'UBOT',
    tokenVerificationEnabled: false,
  });
  app.command('/stuck', async () => {
    listenerRan = true;
    await new Promise<void>((resolve) => {
      release = resolve;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${server.address().port}`;
});
afterAll(async () => {
  release();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function signed(body: string): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestamp) };
}

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });

describe('the Slack receiver', () => {
  it("answers Slack's ssl_check with a bare 200, signed or not", async () => {
    const check = await post('ssl_check=1&token=legacy');
    expect(check.status).toBe(200);
    expect(await check.text()).toBe('');
    // Anything else unsigned is still refused.
    expect((await post('ssl_check=0&token=legacy')).status).toBe(401);
  });

  it('acknowledges a request whose listener never does', async () => {
    const body = new URLSearchParams({
      command: '/stuck',
      text: '',
      user_id: 'U1',
      channel_id: 'C1',
      team_id: 'T1',
      trigger_id: 'trigger-1',
      response_url: 'http://127.0.0.1:9/unused',
    }).toString();
    const answer = await post(body, signed(body));
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe('');
    expect(listenerRan).toBe(true);
  });
});

/**
 * Closing the loop in Teams over real HTTP, on memory: a detractor typing into a personal chat
 * accepts contact → one follow-up; an agent's reply reaches the chat as a proactive message
 * through the stored conversation reference (the fake connector on 127.0.0.1 records it, once);
 * the customer's answer joins the thread; a resolved follow-up refuses a reply with 409.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { FollowUp } from '../../src/followups/types.js';
import { FakeConnector } from '../teams/fake-connector.js';
import { ADMIN, agentApi } from './http.js';

const connector = new FakeConnector();
let app: App;
let base: string;

beforeAll(async () => {
  await connector.start();
  app = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ADMIN_TOKEN: ADMIN }), {
    outboxPollMs: 20,
  });
  base = `http://127.0.0.1:${await app.listen()}`;
});
afterAll(async () => {
  await app?.close();
  await connector.stop();
});

const id = randomUUID().slice(0, 8);
const person = { aad: `aad-${id}`, teamsId: `29:1${id}`, conversation: `a:1${id}` };

async function say(text: string): Promise<string[]> {
  const from = connector.calls.length;
  const response = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `${Date.now()}${Math.floor(Math.random() * 1e6)}`,
      timestamp: new Date().toISOString(),
      serviceUrl: connector.url,
      channelId: 'msteams',
      from: { id: person.teamsId, name: 'Megan Bowen', aadObjectId: person.aad },
      conversation: { conversationType: 'personal', tenantId: 'tenant-1', id: person.conversation },
      recipient: { id: '28:npsbot', name: 'npsbot' },
      textFormat: 'plain',
      locale: 'en-US',
      channelData: { tenant: { id: 'tenant-1' } },
      text,
    }),
  });
  expect(response.status).toBe(200);
  return connector.sentSince(from).map((activity) => String(activity.text));
}

describe('follow-ups in Teams', () => {
  it('delivers an agent reply proactively into the chat and threads the answer', async () => {
    for (const text of ['hi', '1', 'Login broken for days', 'reliability']) await say(text);
    expect(await say('yes')).toEqual(['Thank you. Someone from our team will reply to you here within 24 hours.']);

    const api = agentApi(base);
    const mine = ((await api.list('?channel=teams')).json.followUps as FollowUp[]).filter((f) => f.user === person.aad);
    expect(mine).toHaveLength(1);
    const followUpId = mine[0]?.id ?? '';

    const before = connector.calls.length;
    expect((await api.act(followUpId, 'replies', { agent: 'Bo', text: 'We reset your account.' })).status).toBe(200);
    await expect
      .poll(() => connector.sentSince(before).map((activity) => String(activity.text)), { timeout: 5000 })
      .toEqual(['**Bo**: We reset your account.']);
    const sent = connector.calls.slice(before).filter((call) => call.method === 'POST' && call.conversation);
    expect(sent.map((call) => call.conversation)).toEqual([person.conversation]);

    expect(await say('It works, thank you')).toEqual([
      "Thank you, I've added that to your case. Our team will see it and reply here.",
    ]);
    const thread = ((await api.get(followUpId)).json as FollowUp).thread;
    expect(thread.filter((e) => e.from !== 'note').map((e) => [e.from, e.text])).toEqual([
      ['bot', 'Thank you. Someone from our team will reply to you here within 24 hours.'],
      ['agent', 'We reset your account.'],
      ['customer', 'It works, thank you'],
      ['bot', "Thank you, I've added that to your case. Our team will see it and reply here."],
    ]);
    expect((await api.act(followUpId, 'resolve', { agent: 'Bo', resolution: 'account reset' })).status).toBe(200);
    expect((await api.act(followUpId, 'replies', { agent: 'Bo', text: 'again' })).status).toBe(409);
  });
});

/**
 * Closing the loop on the web chat over real HTTP, on memory and on the Redis server: an
 * anonymous and a signed detractor each open one follow-up; an agent claims and replies; the
 * reply is in the session's transcript as `from: "agent"`; the customer's answer joins the
 * thread; resolving makes a further reply a 409; a doubled delivery adds nothing; and a bot
 * restarted on Redis in the middle loses nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIdentity } from '../../adapters/webchat/tokens.js';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { FollowUpDeliverySink } from '../../src/followups/delivery.js';
import type { FollowUp } from '../../src/followups/types.js';
import type { ConversationStore } from '../../src/store/types.js';
import { memoryStore, redisStore, type StoreUnderTest } from '../support/stores.js';
import { ADMIN, agentApi, call, eventually, webchatDetractor } from './http.js';

const SECRET = 'followup-webchat-secret';
const config = () =>
  loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', WEBCHAT_SECRET: SECRET, ADMIN_TOKEN: ADMIN });

async function start(store: ConversationStore): Promise<{ app: App; base: string }> {
  const app = await createApp(config(), { store, outboxPollMs: 50 });
  return { app, base: `http://127.0.0.1:${await app.listen()}` };
}

describe.each([
  ['memory', async () => memoryStore()],
  ['Redis', () => redisStore('redis://127.0.0.1:6379')],
] as const)('web chat follow-ups on %s', (_name, open) => {
  let subject: StoreUnderTest;
  let app: App;
  let base: string;
  beforeAll(async () => {
    subject = await open();
    ({ app, base } = await start(subject.store));
  });
  afterAll(async () => {
    await app?.close();
    await subject?.cleanUp();
  });

  it('takes an anonymous detractor from "yes" to a resolved follow-up, the agent reply shown in the chat', async () => {
    const visitor = await webchatDetractor(base);
    expect(visitor.accepted.messages.map((m) => m.text)).toEqual([
      'How can we reach you? Type your email address or phone number, or "skip" to hear from us here in this chat.',
    ]);
    const promised = await visitor.send({ text: 'skip' });
    expect(promised.done).toBe(true);
    expect(promised.messages[0]?.text).toContain('reply here in this chat within 24 hours');

    const api = agentApi(base);
    const queue = await api.list();
    expect(queue.status).toBe(200);
    const listed = (queue.json.followUps as FollowUp[]).filter((f) => f.user === `anon:${visitor.sessionId}`);
    expect(listed).toHaveLength(1);
    const id = listed[0]?.id ?? '';
    expect(listed[0]).toMatchObject({ status: 'open', channel: 'webchat', score: 2, area: 'service', contact: null });
    expect(listed[0]).not.toHaveProperty('thread');

    const claimed = await api.act(id, 'claim', { agent: 'Ana' });
    expect(claimed.json).toMatchObject({ status: 'claimed', claimedBy: 'Ana' });
    const replied = await api.act(id, 'replies', { agent: 'Ana', text: 'So sorry! A refund is on its way.' });
    expect(replied.status).toBe(200);
    expect(replied.json.firstReplyAt).toEqual(expect.any(String));

    const shown = await eventually(visitor.transcript, (t) => t.messages.some((m) => m.from === 'agent'));
    expect(shown.messages.filter((m) => m.from === 'agent')).toEqual([
      expect.objectContaining({
        from: 'agent',
        author: 'Ana',
        text: 'So sorry! A refund is on its way.',
        expects: 'none',
      }),
    ]);

    const answer = await visitor.send({ text: 'Thank you, received it' });
    expect(answer.messages.map((m) => m.text)).toEqual([
      "Thank you, I've added that to your case. Our team will see it and reply here.",
    ]);
    expect(answer.done).toBe(true);
    const whole = await api.get(id);
    expect((whole.json.thread as FollowUp['thread']).map((e) => [e.from, e.author ?? null, e.text])).toEqual([
      ['bot', null, promised.messages[0]?.text],
      ['note', 'Ana', 'claimed'],
      ['agent', 'Ana', 'So sorry! A refund is on its way.'],
      ['customer', null, 'Thank you, received it'],
      ['bot', null, answer.messages[0]?.text],
    ]);

    const resolved = await api.act(id, 'resolve', { agent: 'Ana', resolution: 'refunded' });
    expect(resolved.json).toMatchObject({ status: 'resolved', resolution: 'refunded' });
    const late = await api.act(id, 'replies', { agent: 'Ana', text: 'One more thing' });
    expect(late.status).toBe(409);
    expect(late.json).toMatchObject({ error: 'conflict' });
    expect((await api.list()).json.followUps).not.toContainEqual(expect.objectContaining({ id }));
    expect((await api.list('?status=resolved')).json.followUps).toContainEqual(expect.objectContaining({ id }));
  });

  it('asks a signed customer nothing more and promises a reply in the chat', async () => {
    const user = `cust-${randomUUID()}`;
    const visitor = await webchatDetractor(base, { user, signature: signIdentity(SECRET, user) });
    expect(visitor.accepted.done).toBe(true);
    expect(visitor.accepted.messages.map((m) => m.text)).toEqual([
      'Thank you. Someone from our team will reply to you here within 24 hours.',
    ]);
    const mine = ((await agentApi(base).list('?channel=webchat')).json.followUps as FollowUp[]).filter(
      (f) => f.user === user,
    );
    expect(mine).toHaveLength(1);
  });

  it('answers 404 for an unknown id, 400 for a bad body, 401 without the token', async () => {
    const api = agentApi(base);
    expect((await api.get('nope')).status).toBe(404);
    expect((await api.act('nope', 'claim', { agent: 'Ana' })).status).toBe(404);
    const visitor = await webchatDetractor(base);
    await visitor.send({ text: 'kim@example.com' });
    const id = ((await api.list()).json.followUps as FollowUp[]).find((f) => f.user === `anon:${visitor.sessionId}`)
      ?.id as string;
    for (const body of [{}, { agent: '' }, { agent: 'Ana', text: 'x', extra: 1 }, 'not json']) {
      const bad = await api.act(id, 'replies', body);
      expect(bad.status).toBe(400);
      expect(bad.json).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    }
    expect((await api.list('?status=later')).status).toBe(400);
    expect((await call(base, 'GET', '/api/follow-ups', undefined, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await api.get(id)).json).toMatchObject({ contact: { email: 'kim@example.com' }, status: 'open' });
  });

  it('adds a reply delivered twice to the transcript once', async () => {
    const visitor = await webchatDetractor(base);
    await visitor.send({ text: 'skip' });
    const api = agentApi(base);
    const id = ((await api.list()).json.followUps as FollowUp[]).find((f) => f.user === `anon:${visitor.sessionId}`)
      ?.id as string;
    const replied = (await api.act(id, 'replies', { agent: 'Bo', text: 'Hello from Bo' })).json as FollowUp;
    const entry = replied.thread.find((e) => e.from === 'agent');
    const event = {
      id: randomUUID(),
      type: 'followup.replied' as const,
      at: new Date().toISOString(),
      data: { followUp: replied, entry, conversation: visitor.sessionId },
    };
    const sink = new FollowUpDeliverySink(app.engine, app.proactive);
    await sink.deliver(event);
    await sink.deliver(event);
    await eventually(visitor.transcript, (t) => t.messages.some((m) => m.from === 'agent'));
    const agentLines = (await visitor.transcript()).messages.filter((m) => m.from === 'agent');
    expect(agentLines.map((m) => m.text)).toEqual(['Hello from Bo']);
  });
});

describe('a bot restarted on Redis between the reply and its delivery', () => {
  let subject: StoreUnderTest;
  afterAll(async () => {
    await subject?.cleanUp();
  });

  it('shows the reply once, from whichever process delivered it', async () => {
    subject = await redisStore('redis://127.0.0.1:6379');
    const first = await start(subject.store);
    const visitor = await webchatDetractor(first.base);
    await visitor.send({ text: 'skip' });
    const api = agentApi(first.base);
    const id = ((await api.list()).json.followUps as FollowUp[])[0]?.id as string;
    expect((await api.act(id, 'replies', { agent: 'Ana', text: 'Still here?' })).status).toBe(200);
    // The first process stops at once, with the delivery possibly under way; a new one takes over.
    await first.app.close();
    const second = await start(subject.store);
    try {
      const shown = await eventually(
        () =>
          call(second.base, 'GET', `/webchat/sessions/${visitor.sessionId}/messages`, undefined, {
            authorization: `Bearer ${visitor.token}`,
          }),
        (read) => (read.json.messages as { from?: string }[]).some((m) => m.from === 'agent'),
        90_000,
      );
      expect((shown.json.messages as { from?: string }[]).filter((m) => m.from === 'agent')).toHaveLength(1);
      expect((await agentApi(second.base).get(id)).json).toMatchObject({ status: 'claimed', claimedBy: 'Ana' });
    } finally {
      await second.app.close();
    }
  }, 100_000);
});

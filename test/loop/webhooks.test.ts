/**
 * Webhooks survive a receiver that fails and a bot that restarts: a real receiver on
 * 127.0.0.1 refuses the first deliveries, goes down while the bot is replaced by a new process
 * on the same Redis, and still gets every event, each verified by the `standardwebhooks`
 * library (Standard Webhooks' own TypeScript verifier), with the same `webhook-id` on every retry.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { InboundEvent } from '../../src/engine/types.js';
import { redisStore, type StoreUnderTest } from '../support/stores.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const verifier = new Webhook(SECRET);

interface Delivery {
  id: string;
  type: string;
  /** What `standardwebhooks` made of the signature: the payload it vouches for, or its error. */
  verified: { id: string } | Error;
  headerId: string | undefined;
}

function verify(body: string, headers: Record<string, string | string[] | undefined>): { id: string } | Error {
  try {
    return verifier.verify(body, {
      'webhook-id': String(headers['webhook-id']),
      'webhook-timestamp': String(headers['webhook-timestamp']),
      'webhook-signature': String(headers['webhook-signature']),
    }) as { id: string };
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

class Receiver {
  readonly deliveries: Delivery[] = [];
  /** The `webhook-id` of every attempt this receiver refused, in order. */
  readonly refusedIds: string[] = [];
  failures = 0;
  private server: Server | undefined;

  constructor(private readonly answer: () => number) {}

  async listen(port = 0): Promise<number> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const status = this.answer();
        if (status >= 300) {
          this.failures += 1;
          this.refusedIds.push(String(req.headers['webhook-id']));
        } else {
          const event = JSON.parse(body) as { id: string; type: string };
          this.deliveries.push({
            id: event.id,
            type: event.type,
            verified: verify(body, req.headers),
            headerId: req.headers['webhook-id'] as string | undefined,
          });
        }
        res.statusCode = status;
        res.end();
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

async function botOn(subject: StoreUnderTest, webhookPort: number): Promise<App> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/npsbot`,
    WEBHOOK_SECRET: SECRET,
  });
  const app = await createApp(config, { store: subject.store, retry: { baseMs: 20, maxMs: 200 }, outboxPollMs: 25 });
  await app.listen();
  return app;
}

describe('webhook delivery', () => {
  let subject: StoreUnderTest;
  afterAll(async () => {
    await subject?.cleanUp();
  });

  it('delivers every event, signed, through failures, an outage and a bot restart', async () => {
    subject = await redisStore('redis://127.0.0.1:6379');
    const failing = new Receiver(() => 500);
    const port = await failing.listen();
    const first = await botOn(subject, port);
    const person = { channel: 'webchat' as const, user: `anon:${randomUUID()}`, conversation: randomUUID() };
    const events: InboundEvent[] = [
      { kind: 'start', touchpoint: 'after-support' },
      { kind: 'text', text: '2' },
      { kind: 'text', text: 'Nobody called back' },
      { kind: 'choice', value: 'service' },
      { kind: 'choice', value: 'yes' },
    ];
    for (const event of events) await first.engine.handle({ ...person, event });

    await expect.poll(() => failing.failures, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    await first.close();
    await failing.close();

    // A new process on the same Redis, while the receiver is still down.
    const second = await botOn(subject, port);
    expect(await second.events.backlog()).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const healthy = new Receiver(() => 200);
    await healthy.listen(port);
    await expect.poll(() => new Set(healthy.deliveries.map((d) => d.id)).size, { timeout: 5000 }).toBe(3);

    expect(healthy.deliveries.map((d) => d.type).sort()).toEqual([
      'escalation.raised',
      'response.completed',
      'response.scored',
    ]);
    for (const delivery of healthy.deliveries) {
      expect(delivery.verified).toMatchObject({ id: delivery.id });
      expect(delivery.headerId).toBe(delivery.id);
    }
    // The refused attempts were retries of these same events, under the same webhook-id.
    expect(new Set(failing.refusedIds)).toEqual(new Set(healthy.deliveries.map((d) => d.id)));
    await expect.poll(() => second.events.backlog()).toBe(0);
    await second.close();
    await healthy.close();
  });
});

describe('Standard Webhooks signatures', () => {
  it('verify with a Standard Webhooks library, and fail when the body or the timestamp is tampered with', async () => {
    const received: { body: string; headers: Record<string, string | string[] | undefined> }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const subject = await redisStore('redis://127.0.0.1:6379');
    const app = await botOn(subject, port);
    try {
      const person = { channel: 'webchat' as const, user: `anon:${randomUUID()}`, conversation: randomUUID() };
      await app.engine.handle({ ...person, event: { kind: 'start' } });
      await app.engine.handle({ ...person, event: { kind: 'text', text: '10' } });
      await expect.poll(() => received.length, { timeout: 5000 }).toBeGreaterThanOrEqual(1);
      const [delivery] = received;
      if (!delivery) throw new Error('no delivery');
      const event = JSON.parse(delivery.body) as { id: string; type: string; at: string; data: unknown };
      expect(Object.keys(event).sort()).toEqual(['at', 'data', 'id', 'type']);
      expect(event.type).toBe('response.scored');
      expect(verify(delivery.body, delivery.headers)).toMatchObject({ id: event.id, type: 'response.scored' });
      expect(delivery.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);

      const tamperedBody = delivery.body.replace('"score":10', '"score":0');
      expect(tamperedBody).not.toBe(delivery.body);
      expect(verify(tamperedBody, delivery.headers)).toBeInstanceOf(Error);
      const otherTime = {
        ...delivery.headers,
        'webhook-timestamp': String(Number(delivery.headers['webhook-timestamp']) - 1),
      };
      expect(verify(delivery.body, otherTime)).toBeInstanceOf(Error);
      const otherSecret = new Webhook(`whsec_${randomBytes(32).toString('base64')}`);
      expect(() =>
        otherSecret.verify(delivery.body, {
          'webhook-id': String(delivery.headers['webhook-id']),
          'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
          'webhook-signature': String(delivery.headers['webhook-signature']),
        }),
      ).toThrow();
    } finally {
      await app.close();
      await subject.cleanUp();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it.each([
    ['a plain string', 'webhook-test-secret', 'WEBHOOK_SECRET: expected the whsec_<base64> form'],
    ['whsec_ with no base64', 'whsec_not base64!', 'WEBHOOK_SECRET: the part after whsec_ is not base64'],
    [
      'a key too short',
      `whsec_${randomBytes(8).toString('base64')}`,
      'WEBHOOK_SECRET: expected a key of 24 to 64 bytes, got 8',
    ],
  ])('refuses %s as WEBHOOK_SECRET with one line', (_name, secret, line) => {
    expect(() => loadConfig({ WEBHOOK_URL: 'http://127.0.0.1:1/hook', WEBHOOK_SECRET: secret })).toThrow(line);
  });
});

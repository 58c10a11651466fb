/**
 * Webhooks survive a receiver that fails and a bot that restarts: a real receiver on
 * 127.0.0.1 refuses the first deliveries, goes down while the bot is replaced by a new process
 * on the same Redis, and still gets every event, each signed.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { InboundEvent } from '../../src/engine/types.js';
import { redisStore, type StoreUnderTest } from '../support/stores.js';

const SECRET = 'webhook-test-secret';

interface Delivery {
  id: string;
  type: string;
  signatureValid: boolean;
  headerId: string | undefined;
}

class Receiver {
  readonly deliveries: Delivery[] = [];
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
        } else {
          const event = JSON.parse(body) as { id: string; type: string };
          const expected = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
          this.deliveries.push({
            id: event.id,
            type: event.type,
            signatureValid: req.headers['x-npsbot-signature'] === expected,
            headerId: req.headers['x-npsbot-event-id'] as string | undefined,
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
      // An anonymous visitor is asked how to reach them; "skip" keeps the reply in the chat.
      { kind: 'text', text: 'skip' },
    ];
    for (const event of events) await first.engine.handle({ ...person, event });

    await expect.poll(() => failing.failures, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    await first.close();
    await failing.close();

    // A new process on the same Redis, while the receiver is still down.
    const second = await botOn(subject, port);
    expect(await second.events.backlog()).toBe(4);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const healthy = new Receiver(() => 200);
    await healthy.listen(port);
    await expect.poll(() => new Set(healthy.deliveries.map((d) => d.id)).size, { timeout: 5000 }).toBe(4);

    expect(healthy.deliveries.map((d) => d.type).sort()).toEqual([
      'escalation.raised',
      'followup.opened',
      'response.completed',
      'response.scored',
    ]);
    expect(healthy.deliveries.every((d) => d.signatureValid && d.headerId === d.id)).toBe(true);
    await expect.poll(() => second.events.backlog()).toBe(0);
    await second.close();
    await healthy.close();
  });
});

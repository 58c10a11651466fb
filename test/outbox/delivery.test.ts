/**
 * The dispatcher against real webhook receivers on 127.0.0.1 (src/outbox/README.md): a receiver
 * that hangs costs one timeout and holds back neither other events nor other sinks; timeouts
 * and failures are retried, then dead-lettered per the settings; a permanent 4xx is
 * dead-lettered at once; a failing receiver is one warning and one recovery line, not a line
 * per attempt; the metrics count attempts, failures and dead letters and show the oldest age.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Metrics } from '../../src/metrics.js';
import type { DeliveryPolicy } from '../../src/outbox/delivery-policy.js';
import { OutboxDispatcher } from '../../src/outbox/dispatcher.js';
import type { EventSink } from '../../src/outbox/sink.js';
import { WebhookSink } from '../../src/outbox/webhook-sink.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { OutgoingEvent } from '../../src/store/types.js';
import { freshKey, recordFor, turnWrite } from '../support/turn-writes.js';
import { type Answer, TestReceiver } from './receiver.js';

const KEY = randomBytes(32);

interface LogLine {
  level: number;
  msg: string;
  sink?: string;
  failedAttempts?: number;
}

/** A recording sink standing for any other one (the Slack post, the agent's reply). */
class RecordingSink implements EventSink {
  readonly name = 'other-sink';
  readonly taken: string[] = [];
  accepts(): boolean {
    return true;
  }
  async deliver(event: OutgoingEvent): Promise<void> {
    this.taken.push(event.id);
  }
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0)) await thing.close();
});

async function setUp(answer: (id: string, attempt: number) => Answer, policy: Partial<DeliveryPolicy>) {
  const receiver = new TestReceiver(answer);
  const url = await receiver.listen();
  const store = new MemoryStore();
  const lines: LogLine[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
        done();
      },
    }),
  );
  const metrics = new Metrics(() => store.outboxBacklog(), undefined, {
    oldestPendingAt: () => store.oldestPendingAt(),
    deadLetters: () => store.deadLetterCount(),
    clock: Date.now,
  });
  const dispatcher = new OutboxDispatcher({
    store,
    logger,
    pollMs: 20,
    policy: { retry: { baseMs: 20, maxMs: 40 }, ...policy },
    observer: metrics.outboxObserver(),
  });
  dispatcher.add(new WebhookSink(url, KEY));
  open.push(receiver, { close: () => dispatcher.stop() });
  return { receiver, store, dispatcher, lines, metrics };
}

/** Writes events as a turn does, each by its own person. */
async function raise(store: MemoryStore, ids: readonly string[], at = new Date().toISOString()): Promise<void> {
  for (const id of ids) {
    const key = freshKey();
    const event: OutgoingEvent = { id, type: 'response.scored', at, data: { channel: key.channel, user: key.user } };
    await store.commit(turnWrite(key, recordFor(key), { events: [event] }));
  }
}

const warnings = (lines: LogLine[]) => lines.filter((line) => line.level === 40);

describe('outbox delivery', () => {
  it('cuts a receiver that hangs at the timeout, while the other events and the other sink go through', async () => {
    const hung = 'event-hung';
    const { receiver, store, dispatcher } = await setUp((id) => (id === hung ? 'hang' : 200), {
      timeoutMs: 300,
      concurrency: 2,
    });
    const other = new RecordingSink();
    dispatcher.add(other);
    const rest = Array.from({ length: 30 }, (_, i) => `event-${i}`);
    await raise(store, [hung, ...rest]);
    dispatcher.start();
    await expect.poll(() => new Set(receiver.delivered).size, { timeout: 8000 }).toBe(30);
    expect(new Set(other.taken)).toEqual(new Set([hung, ...rest]));
    // The hung attempt was abandoned and tried again, under the same webhook-id.
    await expect.poll(() => receiver.attemptsOf(hung), { timeout: 8000 }).toBeGreaterThanOrEqual(2);
    expect(other.taken.filter((id) => id === hung)).toHaveLength(1);
  });

  it('never holds another sink behind a webhook that hangs on every event', async () => {
    const { store, dispatcher } = await setUp(() => 'hang', { timeoutMs: 2000, concurrency: 2 });
    const other = new RecordingSink();
    dispatcher.add(other);
    const ids = Array.from({ length: 40 }, (_, i) => `event-${i}`);
    await raise(store, ids);
    dispatcher.start();
    await expect.poll(() => new Set(other.taken).size, { timeout: 8000 }).toBe(40);
    expect(other.taken).toHaveLength(40);
    expect(await store.outboxBacklog()).toBe(40);
  });

  it('retries a receiver that times out, then dead-letters the event after OUTBOX_MAX_ATTEMPTS', async () => {
    const { receiver, store, dispatcher, metrics } = await setUp(() => 'hang', { timeoutMs: 150, maxAttempts: 3 });
    await raise(store, ['event-1']);
    dispatcher.start();
    await expect.poll(() => store.deadLetterCount(), { timeout: 8000 }).toBe(1);
    expect(receiver.attemptsOf('event-1')).toBe(3);
    const [letter] = (await store.listDeadLetters(null, 10)).deadLetters;
    expect(letter).toMatchObject({ attempts: 3, sinks: ['webhook'], done: [], event: { id: 'event-1' } });
    expect(letter?.lastError).toBe('webhook: no answer within 150 ms');
    expect(letter?.firstAttemptAt).toBeLessThan(letter?.lastAttemptAt ?? 0);
    expect(await store.outboxBacklog()).toBe(0);
    const text = await metrics.registry.metrics();
    expect(text).toContain('npsbot_outbox_delivery_failures_total{sink="webhook",reason="timeout"} 3');
    expect(text).toContain('npsbot_outbox_dead_letters_total{sink="webhook"} 1');
    expect(text).toContain('npsbot_outbox_dead_letters 1');
  });

  it('dead-letters an event older than OUTBOX_MAX_AGE_SECONDS at its first failure', async () => {
    const { receiver, store, dispatcher } = await setUp(() => 503, { maxAgeMs: 60_000 });
    await raise(store, ['event-old'], new Date(Date.now() - 61_000).toISOString());
    dispatcher.start();
    await expect.poll(() => store.deadLetterCount(), { timeout: 5000 }).toBe(1);
    expect(receiver.attemptsOf('event-old')).toBe(1);
  });

  it.each([
    { status: 400, attempts: 1, dead: true },
    { status: 401, attempts: 1, dead: true },
    { status: 410, attempts: 1, dead: true },
    { status: 408, attempts: 3, dead: false },
    { status: 429, attempts: 3, dead: false },
    { status: 503, attempts: 3, dead: false },
  ])('answered $status once: dead-lettered at once = $dead', async ({ status, attempts, dead }) => {
    // The status first, then 200 from the third attempt on.
    const { receiver, store, dispatcher } = await setUp((_id, attempt) => (attempt < 3 ? status : 200), {});
    await raise(store, ['event-1']);
    dispatcher.start();
    await expect.poll(async () => (await store.outboxBacklog()) === 0, { timeout: 5000 }).toBe(true);
    expect(receiver.attemptsOf('event-1')).toBe(attempts);
    expect(await store.deadLetterCount()).toBe(dead ? 1 : 0);
    if (dead) {
      const [letter] = (await store.listDeadLetters(null, 1)).deadLetters;
      expect(letter?.lastError).toBe(`webhook: webhook answered ${status} for event event-1`);
    }
  });

  it('logs a failing receiver once, and once more when it recovers, with the failed attempts', async () => {
    let refusals = 0;
    const { receiver, store, dispatcher, lines, metrics } = await setUp(() => {
      if (refusals >= 8) return 200;
      refusals += 1;
      return 503;
    }, {});
    await raise(store, ['event-1', 'event-2', 'event-3']);
    dispatcher.start();
    await expect.poll(() => new Set(receiver.delivered).size, { timeout: 8000 }).toBe(3);
    await dispatcher.stop();
    expect(warnings(lines)).toHaveLength(1);
    expect(warnings(lines)[0]).toMatchObject({ sink: 'webhook' });
    expect(warnings(lines)[0]?.msg).toContain('webhook is failing (webhook answered 503');
    const recovered = lines.filter((line) => line.msg.includes('taking events again'));
    expect(recovered).toHaveLength(1);
    expect(recovered[0]).toMatchObject({ level: 30, sink: 'webhook', failedAttempts: 8 });
    // Each attempt is still there, at debug level.
    expect(lines.filter((line) => line.level === 20 && line.msg === 'outbox: delivery failed')).toHaveLength(8);
    const text = await metrics.registry.metrics();
    expect(text).toContain('npsbot_outbox_delivery_attempts_total{sink="webhook"} 11');
    expect(text).toContain('npsbot_outbox_delivery_failures_total{sink="webhook",reason="error"} 8');
    expect(text).toContain('npsbot_outbox_oldest_pending_age_seconds 0');
  });

  it('shows the age of the oldest waiting event, and 0 when none waits', async () => {
    const store = new MemoryStore();
    const written = Date.parse('2026-12-01T10:00:00Z');
    let now = written + 90_500;
    const metrics = new Metrics(() => store.outboxBacklog(), undefined, {
      oldestPendingAt: () => store.oldestPendingAt(),
      deadLetters: () => store.deadLetterCount(),
      clock: () => now,
    });
    const age = async () =>
      /^npsbot_outbox_oldest_pending_age_seconds (\S+)$/m.exec(await metrics.registry.metrics())?.[1];
    expect(await age()).toBe('0');
    const key = freshKey();
    const event: OutgoingEvent = {
      id: randomUUID(),
      type: 'response.scored',
      at: new Date(written).toISOString(),
      data: {},
    };
    await store.commit(turnWrite(key, recordFor(key), { events: [event], now: written }));
    expect(await age()).toBe('90.5');
    now += 60_000;
    expect(await age()).toBe('150.5');
  });
});

/**
 * The example receiver in examples/ does what docs/closing-the-loop.md says: run as its own
 * process, it prints each verified event once and refuses a forged delivery.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { freePort } from '../support/redis-servers.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

describe('examples/webhook-receiver.ts', () => {
  let receiver: ChildProcess | undefined;
  let app: App | undefined;
  afterAll(async () => {
    await app?.close();
    receiver?.kill('SIGTERM');
  });

  it('prints the verified events of a promoter once each, and answers 400 to a forged one', async () => {
    const port = await freePort();
    receiver = spawn(process.execPath, ['--import', 'tsx', 'examples/webhook-receiver.ts'], {
      env: { ...process.env, WEBHOOK_SECRET: SECRET, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let printed = '';
    receiver.stdout?.on('data', (chunk: Buffer) => {
      printed += chunk.toString('utf8');
    });
    await expect.poll(() => printed, { timeout: 20_000 }).toContain('listening for npsbot webhooks');

    app = await createApp(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        WEBHOOK_URL: `http://127.0.0.1:${port}/npsbot`,
        WEBHOOK_SECRET: SECRET,
      }),
      { outboxPollMs: 25 },
    );
    await app.listen();
    const person = { channel: 'webchat' as const, user: `anon:${randomUUID()}`, conversation: randomUUID() };
    for (const event of [{ kind: 'start' }, { kind: 'text', text: '9' }, { kind: 'text', text: 'skip' }] as const) {
      await app.engine.handle({ ...person, event });
    }
    await expect.poll(() => printed, { timeout: 10_000 }).toContain('response.completed');
    expect(printed.match(/ response\.scored /g)).toHaveLength(1);

    const forged = await fetch(`http://127.0.0.1:${port}/npsbot`, {
      method: 'POST',
      headers: {
        'webhook-id': 'msg_forged',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': `v1,${randomBytes(32).toString('base64')}`,
      },
      body: JSON.stringify({ id: 'msg_forged', type: 'response.scored', at: new Date().toISOString(), data: {} }),
    });
    expect(forged.status).toBe(400);
    expect(printed).not.toContain('msg_forged');
  });
});

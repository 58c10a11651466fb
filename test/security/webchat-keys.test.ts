/**
 * Web chat keys (docs/webchat.md, docs/security.md): the session-token key is derived from
 * WEBCHAT_SECRET for that purpose, so a session token's MAC never passes as an identity
 * signature; identity signatures may carry `expires`; and without WEBCHAT_SECRET a Redis
 * deployment keeps one generated key in the store, shared by every process and restart.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { signIdentity } from '../../adapters/webchat/tokens.js';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { RedisStore } from '../../src/store/redis.js';

const SECRET = 'keys-test-secret';
const apps: App[] = [];
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
});

async function start(env: Record<string, string>): Promise<{ app: App; base: string }> {
  const app = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env }));
  apps.push(app);
  return { app, base: `http://127.0.0.1:${await app.listen()}` };
}

async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('identity signatures and session tokens', async () => {
  const { base } = await start({ WEBCHAT_SECRET: SECRET });

  it('never takes a session token MAC for an identity signature', async () => {
    const started = await post(base, '/webchat/sessions', {});
    expect(started.status).toBe(201);
    const [payload = '', mac = ''] = String(started.json.token).split('.');
    // With one key for both, this was the HMAC of the "user" below: a signed identity for free.
    const replay = { user: `session:${payload}`, signature: Buffer.from(mac, 'base64url').toString('hex') };
    const answer = await post(base, '/webchat/sessions', replay);
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: 'bad_signature' });
  });

  it('keeps the documented identity rule: hex HMAC-SHA256 of user with WEBCHAT_SECRET', async () => {
    const user = 'customer-1';
    const signature = createHmac('sha256', SECRET).update(user).digest('hex');
    expect((await post(base, '/webchat/sessions', { user, signature })).status).toBe(201);
  });

  it('accepts a signature of "user.expires" until it expires, and refuses it after or when tampered', async () => {
    const user = 'customer-2';
    const future = Math.floor(Date.now() / 1000) + 600;
    const past = Math.floor(Date.now() / 1000) - 1;
    const signature = createHmac('sha256', SECRET).update(`${user}.${future}`).digest('hex');
    expect(signIdentity(SECRET, user, future)).toBe(signature);

    const opened = await post(base, '/webchat/sessions', { user, signature, expires: future });
    expect(opened.status).toBe(201);

    const expired = await post(base, '/webchat/sessions', {
      user,
      signature: signIdentity(SECRET, user, past),
      expires: past,
    });
    expect(expired.status).toBe(401);
    expect(expired.json).toMatchObject({ error: 'signature_expired' });

    // Pushing `expires` later, or dropping it, breaks the signature.
    for (const body of [
      { user, signature, expires: future + 3600 },
      { user, signature },
    ]) {
      const refused = await post(base, '/webchat/sessions', body);
      expect(refused.status, JSON.stringify(body)).toBe(401);
      expect(refused.json).toMatchObject({ error: 'bad_signature' });
    }
    expect((await post(base, '/webchat/sessions', { user, signature, expires: 'soon' })).status).toBe(400);
  });
});

describe('without WEBCHAT_SECRET', () => {
  const sendFromOther = async (from: string, to: string) => {
    const started = await post(from, '/webchat/sessions', {});
    expect(started.status).toBe(201);
    const { sessionId, token } = started.json as { sessionId: string; token: string };
    return post(to, `/webchat/sessions/${sessionId}/messages`, { text: '9' }, { authorization: `Bearer ${token}` });
  };

  it('on Redis, generates one key, keeps it in the store, and every process uses it', async () => {
    const prefix = `test-kept-${randomUUID().slice(0, 8)}`;
    const env = { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: prefix };
    const first = await start(env);
    const second = await start(env);
    try {
      expect((await sendFromOther(first.base, second.base)).status).toBe(200);
      expect((await sendFromOther(second.base, first.base)).status).toBe(200);
    } finally {
      if (first.app.store instanceof RedisStore) {
        const client = first.app.store.client;
        for (const key of await client.keys(`${prefix}:*`)) await client.del(key);
      }
    }
  });

  it('in memory, each process has its own random key', async () => {
    const one = await start({});
    const other = await start({});
    const crossed = await sendFromOther(one.base, other.base);
    expect(crossed.status).toBe(401);
  });
});

/** Talking to a running bot over HTTP in follow-up tests: the web chat as a visitor, the agent API as an agent. */
import { expect } from 'vitest';
import { documentedFetch } from '../support/api-contract.js';

export const ADMIN = 'admin-token';

export interface Reply {
  status: number;
  json: Record<string, unknown>;
}

export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const response = await documentedFetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** The agent API with the admin token. */
export function agentApi(base: string) {
  const auth = { authorization: `Bearer ${ADMIN}` };
  return {
    list: (query = '') => call(base, 'GET', `/api/follow-ups${query}`, undefined, auth),
    get: (id: string) => call(base, 'GET', `/api/follow-ups/${encodeURIComponent(id)}`, undefined, auth),
    act: (id: string, action: string, body: unknown) =>
      call(base, 'POST', `/api/follow-ups/${encodeURIComponent(id)}/${action}`, body, auth),
  };
}

export type WireMessage = { id: string; text: string; expects: string; from?: string; author?: string };

/** A web chat visitor who scores 2, says why and which area, and accepts contact. */
export async function webchatDetractor(base: string, identity: { user?: string; signature?: string } = {}) {
  const started = await call(base, 'POST', '/webchat/sessions', { ...identity, startedBy: 'visitor' });
  expect(started.status).toBe(201);
  const { sessionId, token } = started.json as { sessionId: string; token: string };
  const auth = { authorization: `Bearer ${token}` };
  const send = async (message: Record<string, unknown>) => {
    const sent = await call(base, 'POST', `/webchat/sessions/${sessionId}/messages`, message, auth);
    expect(sent.status).toBe(200);
    return sent.json as { messages: WireMessage[]; done: boolean };
  };
  await send({ text: '2' });
  await send({ text: 'The delivery was a week late' });
  await send({ value: 'service' });
  const accepted = await send({ value: 'yes' });
  const transcript = async () => {
    const read = await call(base, 'GET', `/webchat/sessions/${sessionId}/messages`, undefined, auth);
    expect(read.status).toBe(200);
    return read.json as { messages: WireMessage[]; done: boolean };
  };
  return { sessionId, token, send, accepted, transcript };
}

/** Waits until `check` holds, or fails after `ms`: for deliveries the outbox makes in the background. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, ms = 8000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached within ${ms} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

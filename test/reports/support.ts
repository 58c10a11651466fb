/**
 * Helpers for the report tests: the real app on an ephemeral port, conversations driven
 * through the engine exactly as a channel would, and authenticated HTTP reads.
 */
import { randomUUID } from 'node:crypto';
import type { Survey } from '../../dialogs/index.js';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Engine } from '../../src/engine/engine.js';
import type { Channel, InboundEvent } from '../../src/engine/types.js';
import type { ConversationStore } from '../../src/store/types.js';
import { documentedFetch } from '../support/api-contract.js';

export const TOKEN = 't';

export interface Running {
  app: App;
  base: string;
  /** GET with the admin token; the JSON body when the answer is JSON. */
  get(path: string): Promise<{ status: number; body: unknown; text: string; headers: Headers }>;
  close(): Promise<void>;
}

export async function startApp(store: ConversationStore, survey: Survey, clock?: () => number): Promise<Running> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'silent' });
  const app = await createApp(config, { store, survey, ...(clock ? { clock } : {}) });
  const port = await app.listen();
  const base = `http://127.0.0.1:${port}`;
  return {
    app,
    base,
    get: async (path) => {
      const response = await documentedFetch(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const text = await response.text();
      const json = (response.headers.get('content-type') ?? '').includes('json');
      return {
        status: response.status,
        body: json ? (JSON.parse(text) as unknown) : null,
        text,
        headers: response.headers,
      };
    },
    close: () => app.close(),
  };
}

export interface Answer {
  user?: string;
  channel?: Channel;
  score: number;
  /** The "why" answer; 'skip' skips it; absent = the person walks away after the score. */
  reason?: string;
  /** Detractors: the area chosen, then "no" to contact. */
  area?: string;
  touchpoint?: string | null;
  properties?: Record<string, string>;
}

/** One whole conversation through the engine; fails the test if any turn is not saved. */
export async function answer(engine: Engine, spec: Answer): Promise<void> {
  const user = spec.user ?? `person-${randomUUID()}`;
  const channel = spec.channel ?? 'webchat';
  const say = async (event: InboundEvent) => {
    const result = await engine.handle({ channel, user, conversation: `c-${user}`, messageId: randomUUID(), event });
    if (result.status !== 'ok' || result.refused) throw new Error(`turn not taken: ${result.status} ${result.refused}`);
  };
  await say({ kind: 'start', touchpoint: spec.touchpoint ?? null, properties: spec.properties ?? {} });
  await say({ kind: 'text', text: String(spec.score) });
  if (spec.reason === undefined) return;
  await say({ kind: 'text', text: spec.reason });
  if (spec.score <= 6 && spec.area !== undefined) {
    await say({ kind: 'choice', value: spec.area });
    await say({ kind: 'choice', value: 'no' });
  }
}

/** `count` answers with each of the given scores in turn. */
export function answers(count: number, scores: readonly number[], extra: Omit<Answer, 'score'> = {}): Answer[] {
  return Array.from({ length: count }, (_, i) => ({ ...extra, score: scores[i % scores.length] as number }));
}

export async function answerAll(engine: Engine, specs: readonly Answer[], parallel = 10): Promise<void> {
  for (let i = 0; i < specs.length; i += parallel) {
    await Promise.all(specs.slice(i, i + parallel).map((spec) => answer(engine, spec)));
  }
}

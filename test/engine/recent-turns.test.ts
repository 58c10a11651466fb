/**
 * An anonymous web chat survey's answers are planned from what this process last wrote, without
 * reading the store again; anything that changed the conversation meanwhile is caught by the
 * compare-and-set, and the turn is planned again from the store.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { RECENT_TURN_MAX_AGE_MS, RecentTurns } from '../../src/engine/recent-turns.js';
import type { Inbound } from '../../src/engine/types.js';
import type { CommitResult, ConversationKey, ConversationStore, Loaded, TurnWrite } from '../../src/store/types.js';
import { memoryStore, redisStore, type StoreUnderTest } from '../support/stores.js';
import { testSurvey } from '../support/survey.js';

/** Counts the store's reads and writes, and can make the next write fail as a lost connection would. */
function counting(store: ConversationStore) {
  const counts = { loads: 0, commits: 0 };
  let failNextCommit = false;
  const proxy = new Proxy(store, {
    get(target, name, receiver) {
      if (name === 'load') {
        return (key: ConversationKey): Promise<Loaded> => {
          counts.loads += 1;
          return target.load(key);
        };
      }
      if (name === 'commit') {
        return async (write: TurnWrite): Promise<CommitResult> => {
          counts.commits += 1;
          if (failNextCommit) {
            failNextCommit = false;
            throw new Error('connection lost before the write was sent');
          }
          return target.commit(write);
        };
      }
      const value = Reflect.get(target, name, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    store: proxy,
    counts,
    failNextCommit: () => {
      failNextCommit = true;
    },
  };
}

const backends: [string, () => Promise<StoreUnderTest>][] = [
  ['memory', async () => memoryStore()],
  ['single Redis', () => redisStore('redis://127.0.0.1:6379')],
];

const start = { kind: 'start', startedBy: 'user' } as const;
const score = (value: string): Inbound['event'] => ({ kind: 'choice', value });
const say = (text: string): Inbound['event'] => ({ kind: 'text', text });

describe.each(backends)('recent turns on %s', (_name, open) => {
  const opened: StoreUnderTest[] = [];
  afterEach(async () => {
    for (const underTest of opened.splice(0)) await underTest.cleanUp();
  });

  async function setUp(user?: string) {
    const underTest = await open();
    opened.push(underTest);
    const session = randomUUID();
    const inbound: Omit<Inbound, 'event'> = {
      channel: 'webchat',
      user: user ?? `anon:${session}`,
      conversation: session,
    };
    return { store: underTest.store, inbound };
  }

  const engineOn = (store: ConversationStore) => new Engine({ store, survey: testSurvey(), newId: randomUUID });

  /** An anonymous session started on an engine whose store reads and writes are counted. */
  async function started() {
    const { store, inbound } = await setUp();
    const watched = counting(store);
    const engine = engineOn(watched.store);
    await engine.handle({ ...inbound, brandNew: true, event: start });
    return { store, inbound, watched, engine };
  }

  it("plans an anonymous session's answers without reading the store, and stores them as read turns would", async () => {
    const { store, inbound, watched, engine } = await started();
    const scored = await engine.handle({ ...inbound, messageId: 's', event: score('3') });
    const reasoned = await engine.handle({ ...inbound, messageId: 'r', event: say('slow delivery') });
    expect(watched.counts.loads).toBe(0);
    expect(watched.counts.commits).toBe(3);
    // The same turns, each on an engine of its own, which remembers nothing and reads every time.
    const reference = await setUp();
    await engineOn(reference.store).handle({ ...reference.inbound, event: start });
    const scoredAfterRead = await engineOn(reference.store).handle({
      ...reference.inbound,
      messageId: 's',
      event: score('3'),
    });
    const reasonedAfterRead = await engineOn(reference.store).handle({
      ...reference.inbound,
      messageId: 'r',
      event: say('slow delivery'),
    });
    expect(scored.messages.map((m) => m.key)).toEqual(scoredAfterRead.messages.map((m) => m.key));
    expect(reasoned.messages.map((m) => m.key)).toEqual(reasonedAfterRead.messages.map((m) => m.key));
    const [stored, read] = await Promise.all([store.load(inbound), reference.store.load(reference.inbound)]);
    expect(stored.version).toBe(3);
    expect(stored.version).toBe(read.version);
    expect(stored.record?.dialog.step).toBe(read.record?.dialog.step);
    expect(stored.record?.dialog.answers).toEqual(read.record?.dialog.answers);
  });

  it('replays a retried answer from what it wrote, without a second write', async () => {
    const { store, inbound, watched, engine } = await started();
    const first = await engine.handle({ ...inbound, messageId: 's', event: score('9') });
    const retry = await engine.handle({ ...inbound, messageId: 's', event: score('9') });
    expect(retry.duplicate).toBe(true);
    expect(retry.messages.map((m) => m.text)).toEqual(first.messages.map((m) => m.text));
    expect(watched.counts.commits).toBe(2);
    expect((await store.load(inbound)).version).toBe(2);
  });

  it('loses nothing when another process answered in between: the stale write is refused and planned again', async () => {
    const { store, inbound } = await setUp();
    const watched = counting(store);
    const here = engineOn(watched.store);
    const elsewhere = engineOn(store);
    await here.handle({ ...inbound, brandNew: true, event: start });
    // The score reaches another process behind the load balancer; this one still holds version 1.
    await elsewhere.handle({ ...inbound, messageId: 's', event: score('4') });
    const reasoned = await here.handle({ ...inbound, messageId: 'r', event: say('rude support') });
    expect(reasoned.status).toBe('ok');
    expect(watched.counts.loads).toBe(1);
    const stored = await store.load(inbound);
    expect(stored.version).toBe(3);
    expect(stored.record?.dialog.answers).toMatchObject({ score: 4 });
    const transcript = await store.readTranscript(inbound);
    const said = transcript.flatMap((entry) => (entry.from === 'user' ? [entry.text] : []));
    expect(said).toEqual(['4', 'rude support']);
  });

  it('plans from the store again after an erasure took the conversation away', async () => {
    const { store, inbound, watched, engine } = await started();
    await engine.handle({ ...inbound, messageId: 's', event: score('2') });
    await store.erase(inbound, []);
    const after = await engine.handle({ ...inbound, messageId: 'r', event: say('too late') });
    const fresh = await setUp();
    const reference = await engineOn(fresh.store).handle({ ...fresh.inbound, messageId: 'r', event: say('too late') });
    expect(watched.counts.loads).toBe(1);
    expect(after.status).toBe(reference.status);
    expect(after.messages.map((m) => m.key)).toEqual(reference.messages.map((m) => m.key));
    expect((await store.load(inbound)).version).toBe((await fresh.store.load(fresh.inbound)).version);
  });

  it('reads the store after a write whose outcome it does not know', async () => {
    const { store, inbound, watched, engine } = await started();
    watched.failNextCommit();
    const failed = await engine.handle({ ...inbound, messageId: 's', event: score('6') });
    expect(failed.status).toBe('unavailable');
    const loadsAfterFailure = watched.counts.loads;
    const retried = await engine.handle({ ...inbound, messageId: 's', event: score('6') });
    expect(retried.status).toBe('ok');
    expect(watched.counts.loads).toBe(loadsAfterFailure + 1);
    expect((await store.load(inbound)).record?.dialog.answers).toMatchObject({ score: 6 });
  });

  it('reads the store for a signed-in visitor, and for events that may end without a write', async () => {
    const { store, inbound } = await setUp('customer-42');
    const watched = counting(store);
    const engine = engineOn(watched.store);
    await engine.handle({ ...inbound, event: start });
    await engine.handle({ ...inbound, messageId: 's', event: score('10') });
    expect(watched.counts.loads).toBe(2);
    const anonymous = await setUp();
    const watchedAnonymous = counting(anonymous.store);
    const anonymousEngine = engineOn(watchedAnonymous.store);
    await anonymousEngine.handle({ ...anonymous.inbound, brandNew: true, event: start });
    await anonymousEngine.handle({ ...anonymous.inbound, event: { kind: 'shown' } });
    expect(watchedAnonymous.counts.loads).toBe(1);
  });
});

describe('RecentTurns', () => {
  const loaded = (version: number): Loaded => ({
    record: null,
    version,
    person: { optedOut: false, lastSurveyedAt: null },
  });
  const anonymous = (id: string) => ({ channel: 'webchat', user: `anon:${id}`, conversation: id }) as const;

  it('forgets a conversation not written for longer than the maximum age', () => {
    let now = 0;
    const recent = new RecentTurns(() => now);
    recent.remember(anonymous('a'), loaded(1));
    now += RECENT_TURN_MAX_AGE_MS;
    expect(recent.recall(anonymous('a'))?.version).toBe(1);
    now += 1;
    expect(recent.recall(anonymous('a'))).toBeUndefined();
  });

  it('keeps at most its limit, dropping the conversation written longest ago', () => {
    const recent = new RecentTurns(() => 0, 2);
    recent.remember(anonymous('a'), loaded(1));
    recent.remember(anonymous('b'), loaded(1));
    recent.remember(anonymous('a'), loaded(2));
    recent.remember(anonymous('c'), loaded(1));
    expect(recent.size).toBe(2);
    expect(recent.recall(anonymous('b'))).toBeUndefined();
    expect(recent.recall(anonymous('a'))?.version).toBe(2);
    expect(recent.recall(anonymous('c'))?.version).toBe(1);
  });

  it('remembers nothing for a person another conversation could change', () => {
    const recent = new RecentTurns(() => 0);
    const signedIn = { channel: 'webchat', user: 'customer-42', conversation: 'x' } as const;
    const slack = { channel: 'slack', user: 'anon:U1', conversation: 'D1' } as const;
    recent.remember(signedIn, loaded(1));
    recent.remember(slack, loaded(1));
    expect(recent.size).toBe(0);
    expect(recent.recall(signedIn)).toBeUndefined();
  });
});

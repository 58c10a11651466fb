/**
 * Fills Redis with stored responses in the store's own key format, fast: pipelines of a batch
 * each, writing what a turn's commit leaves for good — the response, its place in the log,
 * its counted ledger and its person's index — and the day counters the engine's turns would
 * have added. Used by bench/summary-1m.ts and bench/growth.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Survey } from '../dialogs/survey.js';
import { countedTouchpoint, countedValuesOf, counterField, dayOf, rollupChanges } from '../src/engine/response.js';
import type { Channel, SurveyResponse } from '../src/engine/types.js';
import type { RedisStore } from '../src/store/redis.js';
import { countedField } from '../src/store/turn-payload.js';

// Small enough that a pipeline's replies arrive within the store's command timeout on a busy machine.
const BATCH = 1000;
const DAY_MS = 86_400_000;
const CHANNELS: Channel[] = ['slack', 'teams', 'webchat'];
const TOUCHPOINTS = [null, 'checkout', 'onboarding', 'support-ticket'];
const REASONS = {
  detractor: ['Too expensive for what it does', 'Support never called back', '软件经常闪退', '價格太貴', 'So slow'],
  passive: ['Would be nice to have an export feature', 'Setup was confusing', '功能还可以', 'skip'],
  promoter: ['Fast and easy to use', '客服態度很好', 'Great quality', 'Just works'],
} as const;

/** Response `i`: a deterministic spread, about 25% detractors, 35% passives, 40% promoters, over 90 days. */
export function responseNumber(i: number, surveyId: string, now: number): SurveyResponse {
  const score = [0, 2, 4, 5, 6, 7, 7, 8, 8, 8, 9, 9, 9, 10, 10, 10, 3, 7, 9, 10][i % 20] as number;
  const category = score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
  const reasons = REASONS[category];
  const reason = reasons[i % reasons.length] as string;
  // Spread over the last 90 days (less an hour) by a multiplicative hash of the number.
  const spread = (Math.imul(i, 2654435761) >>> 0) / 4294967296;
  const startedAt = now - 3_600_000 - Math.floor(spread * (90 * DAY_MS - 7_200_000));
  const completed = i % 7 !== 0;
  return {
    id: randomUUID(),
    surveyId,
    channel: CHANNELS[i % 3] as Channel,
    user: `bench-user-${i}`,
    locale: i % 5 === 0 ? 'zh-CN' : 'en',
    touchpoint: TOUCHPOINTS[i % 4] ?? null,
    properties: { plan: i % 3 === 0 ? 'pro' : 'free', region: i % 2 === 0 ? 'eu' : 'us' },
    score,
    category,
    reason: reason === 'skip' ? null : reason,
    area: category === 'detractor' ? (['price', 'service', 'reliability'][i % 3] as string) : null,
    contact: false,
    reward: null,
    status: completed ? 'completed' : 'answered',
    startedAt: new Date(startedAt).toISOString(),
    answeredAt: new Date(startedAt + 30_000).toISOString(),
    completedAt: completed ? new Date(startedAt + 120_000).toISOString() : null,
  };
}

/** Writes responses `from` to `to` (exclusive) of `survey`, a batch per pipeline. */
export async function fillResponses(
  store: RedisStore,
  survey: Pick<Survey, 'id' | 'segments' | 'touchpoints' | 'segmentValues' | 'schedules'>,
  range: { from: number; to: number; now: number },
  progress: (written: number) => void = () => {},
): Promise<void> {
  const client = store.client as Redis;
  for (let first = range.from; first < range.to; first += BATCH) {
    const pipeline = client.pipeline();
    const counters = new Map<string, Map<string, number>>();
    const count = (key: string, field: string, by: number) => {
      const hash = counters.get(key) ?? new Map<string, number>();
      hash.set(field, (hash.get(field) ?? 0) + by);
      counters.set(key, hash);
    };
    for (let i = first; i < Math.min(first + BATCH, range.to); i++) {
      const response = responseNumber(i, survey.id, range.now);
      const person = { channel: response.channel, user: response.user };
      const shard = store.keys.shardOf(person);
      pipeline.set(store.keys.response(person, response.id), JSON.stringify(response));
      pipeline.zadd(store.keys.responseLog(shard, survey.id), Date.parse(response.startedAt), response.id);
      pipeline.sadd(store.keys.personIndex(person), `r:${response.id}`);
      // Exactly the counters the engine's turns would have written, added up per batch,
      // and each kept with its response as the turn's commit keeps it.
      const sentDay = dayOf(Date.parse(response.startedAt));
      const changes = [
        ...rollupChanges(null, response, countedValuesOf(survey)),
        {
          surveyId: survey.id,
          day: sentDay,
          field: counterField(
            'sent',
            response.channel,
            countedTouchpoint(countedValuesOf(survey), response.touchpoint),
          ),
          by: 1,
        },
      ];
      const counted = store.keys.counted(person, response.id);
      for (const delta of changes) {
        count(store.keys.rollup(shard, delta.surveyId, delta.day), delta.field, delta.by);
        count(counted, countedField(delta.day, delta.field), delta.by);
      }
      // One in six surveys sent is never answered.
      if (i % 5 === 0) count(store.keys.rollup(shard, survey.id, sentDay), changes.at(-1)?.field ?? '', 1);
    }
    for (const [key, fields] of counters) for (const [field, by] of fields) pipeline.hincrby(key, field, by);
    const replies = await pipeline.exec();
    const failed = replies?.find(([error]) => error);
    if (failed) throw failed[0];
    progress(Math.min(first + BATCH, range.to));
  }
}

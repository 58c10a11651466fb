/**
 * Writes follow-ups the way the engine does: each opened by a turn's commit, one in five then
 * claimed by an agent's compare-and-set, each write with its follow-up counters. Used by bench/follow-ups-100k.ts and bench/growth.ts.
 */

import { randomUUID } from 'node:crypto';
import { newConversation } from '../dialogs/index.js';
import type { Survey } from '../dialogs/survey.js';
import { countedValuesOf } from '../src/engine/response.js';
import type { ConversationRecord } from '../src/engine/types.js';
import { followUpCounterChanges } from '../src/followups/counters.js';
import { applyAction, openFollowUp } from '../src/followups/rules.js';
import { followUpIdOf, type StoredFollowUp } from '../src/followups/types.js';
import type { RedisStore } from '../src/store/redis.js';

const HOUR = 3_600_000;

/** Follow-up `i` of `total`: opened over the last 30 days, due 24 hours later, so the queue has overdue ones first. */
export async function writeFollowUp(
  store: RedisStore,
  survey: Survey,
  { i, total, now }: { i: number; total: number; now: number },
): Promise<void> {
  const counted = countedValuesOf(survey);
  const user = `U${i}`;
  const responseId = randomUUID();
  const at = now - Math.floor(((total - i) / total) * 30 * 24 * HOUR);
  const followUp: StoredFollowUp = openFollowUp({
    id: followUpIdOf({ channel: 'slack', user }, responseId),
    responseId,
    surveyId: survey.id,
    channel: 'slack',
    user,
    conversation: `D${user}`,
    name: null,
    contact: null,
    score: i % 7,
    category: 'detractor',
    reason: 'The app kept logging me out',
    area: 'reliability',
    touchpoint: null,
    properties: {},
    locale: 'en',
    consented: true,
    now: at,
    promiseHours: 24,
  });
  const key = { channel: followUp.channel, user, conversation: followUp.conversation };
  const record: ConversationRecord = {
    schema: 1,
    person: { channel: 'slack', user },
    conversation: key.conversation,
    responseId,
    touchpoint: null,
    properties: {},
    dialog: newConversation(survey, { now: at, locale: 'en' }, 'user'),
    recent: [],
    transcriptLength: 0,
    lastChoices: null,
    sent: 0,
  };
  const committed = await store.commit({
    key,
    expectedVersion: 0,
    record,
    transcript: [],
    ttlSeconds: 3600,
    response: null,
    rollups: [],
    person: null,
    events: [],
    now: at,
    // The follow-up counters, as the engine's turn writes them (src/followups/turn.ts).
    followUp: { kind: 'open', followUp, entries: [], rollups: followUpCounterChanges(null, followUp, counted) },
  });
  if (!committed.ok) throw new Error(`follow-up ${i} was not written`);
  if (i % 5 !== 0) return;
  const claimed = applyAction(followUp, { kind: 'claim', agent: 'Ana' }, at + HOUR);
  if (!claimed.ok) throw new Error(claimed.message);
  const updated = await store.updateFollowUp({
    expectedVersion: 1,
    previousStatus: 'open',
    followUp: claimed.followUp,
    entries: claimed.entries,
    watch: claimed.watch,
    events: [],
    rollups: followUpCounterChanges(followUp, claimed.followUp, counted),
    now: at + HOUR,
  });
  if (updated !== 'ok') throw new Error(`follow-up ${i} was not claimed`);
}

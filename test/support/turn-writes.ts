/**
 * Conversation records and turn writes built by hand, for the store suites that talk to a
 * store directly rather than through the engine.
 */
import { randomUUID } from 'node:crypto';
import { startSurvey } from '../../dialogs/index.js';
import type { ConversationRecord, SurveyResponse, TranscriptEntry } from '../../src/engine/types.js';
import type { ConversationKey, TurnWrite } from '../../src/store/types.js';
import { testSurvey } from './survey.js';

const survey = testSurvey();

/** A fresh conversation key of its own person, so cases never see each other's data. */
export function freshKey(channel: ConversationKey['channel'] = 'webchat'): ConversationKey {
  const id = randomUUID();
  return { channel, user: `user-${id}`, conversation: `conv-${id}` };
}

export function recordFor(key: ConversationKey, now = Date.now(), surveyId = survey.id): ConversationRecord {
  const { state } = startSurvey(survey, { now, locale: 'en', userName: null }, 'user');
  return {
    schema: 1,
    person: { channel: key.channel, user: key.user },
    conversation: key.conversation,
    responseId: randomUUID(),
    touchpoint: null,
    properties: {},
    dialog: { ...state, surveyId },
    recent: [],
    transcriptLength: 0,
    lastChoices: null,
    sent: 0,
  };
}

export function responseOf(record: ConversationRecord, changes: Partial<SurveyResponse> = {}): SurveyResponse {
  return {
    id: record.responseId,
    surveyId: record.dialog.surveyId,
    channel: record.person.channel,
    user: record.person.user,
    locale: 'en',
    touchpoint: null,
    properties: {},
    score: 8,
    category: 'passive',
    reason: null,
    area: null,
    contact: false,
    reward: null,
    status: 'answered',
    startedAt: new Date(record.dialog.startedAt).toISOString(),
    answeredAt: new Date(record.dialog.startedAt).toISOString(),
    completedAt: null,
    ...changes,
  };
}

export function userLine(text: string, at = Date.now()): TranscriptEntry {
  return { from: 'user', at, id: `u-${text}`, text };
}

/** A write that changes nothing but the conversation itself, with whatever a case adds. */
export function turnWrite(
  key: ConversationKey,
  record: ConversationRecord,
  changes: Partial<TurnWrite> = {},
): TurnWrite {
  return {
    key,
    expectedVersion: 0,
    record,
    transcript: [],
    ttlSeconds: 3600,
    response: null,
    rollups: [],
    person: null,
    events: [],
    now: Date.now(),
    ...changes,
  };
}

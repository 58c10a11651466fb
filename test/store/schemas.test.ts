/** What the stores read back is parsed by shape and version; anything else reads as absent. */
import { describe, expect, it } from 'vitest';
import { parseRecord } from '../../src/store/memory.js';
import { RedisStore } from '../../src/store/redis.js';
import { parseStored, personRecordSchema, surveyResponseSchema } from '../../src/store/schemas.js';
import { redisStore } from '../support/stores.js';
import { freshKey, recordFor, responseOf, turnWrite } from '../support/turn-writes.js';

const key = freshKey();
const record = recordFor(key);

describe('stored record shapes', () => {
  it.each([
    { name: 'the current version', stored: JSON.stringify(record), reads: record },
    { name: 'a newer record version', stored: JSON.stringify({ ...record, schema: 2 }), reads: null },
    {
      name: 'an older dialog version',
      stored: JSON.stringify({ ...record, dialog: { ...record.dialog, schema: 0 } }),
      reads: null,
    },
    {
      name: 'a record missing its response id',
      stored: JSON.stringify({ ...record, responseId: undefined }),
      reads: null,
    },
    {
      name: 'a person of an unknown channel',
      stored: JSON.stringify({ ...record, person: { channel: 'fax', user: 'x' } }),
      reads: null,
    },
    { name: 'not JSON', stored: '{"schema":1,', reads: null },
    { name: 'JSON null', stored: 'null', reads: null },
  ])('reads a conversation record: $name', ({ stored, reads }) => {
    expect(parseRecord(stored)).toEqual(reads);
  });

  it.each([
    { stored: '{"optedOut":true,"lastSurveyedAt":5}', reads: { optedOut: true, lastSurveyedAt: 5 } },
    { stored: '{"optedOut":"yes","lastSurveyedAt":5}', reads: null },
    { stored: '[]', reads: null },
  ])('reads a person record $stored', ({ stored, reads }) => {
    expect(parseStored(personRecordSchema, stored)).toEqual(reads);
  });

  it('reads a response, dropping fields it does not know', () => {
    const response = responseOf(record);
    expect(parseStored(surveyResponseSchema, JSON.stringify({ ...response, extra: 1 }))).toEqual(response);
    expect(parseStored(surveyResponseSchema, JSON.stringify({ ...response, score: '9' }))).toBeNull();
  });

  it('treats a Redis key of another shape as absent instead of failing the turn', async () => {
    const subject = await redisStore('redis://127.0.0.1:6379');
    try {
      const store = subject.store;
      if (!(store instanceof RedisStore)) throw new Error('expected Redis');
      await store.commit(turnWrite(key, record, { response: responseOf(record) }));
      await store.client.hset(store.keys.conversation(key, key.conversation), 'd', '{"schema":9}');
      await store.client.set(store.keys.person(key), 'not json');
      await store.client.set(store.keys.response(key, record.responseId), '{"id":1}');
      const loaded = await store.load(key);
      expect(loaded).toEqual({ record: null, version: 1, person: { optedOut: false, lastSurveyedAt: null } });
      expect(await store.getResponse(record.responseId, key)).toBeNull();
    } finally {
      await subject.cleanUp();
    }
  });
});

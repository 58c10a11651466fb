/** The one encoding of a turn's write that both back-ends apply. */
import { describe, expect, it } from 'vitest';
import { encodeTurn } from '../../src/store/turn-payload.js';
import { freshKey, recordFor, responseOf, turnWrite, userLine } from '../support/turn-writes.js';

describe('turn payload', () => {
  const key = freshKey();
  const record = recordFor(key, Date.parse('2026-03-01T10:00:00Z'));

  it('names every part and leaves out what the turn does not change', () => {
    const turn = encodeTurn(turnWrite(key, record, { ttlSeconds: 1.5, now: 5 }));
    // Absent parts are absent from the JSON the script decodes, not nulls it would have to test for.
    expect(turn).toStrictEqual({
      expectedVersion: 0,
      ttlMs: 1500,
      now: 5,
      record: JSON.stringify(record),
      member: JSON.stringify({ channel: key.channel, user: key.user, conversation: key.conversation }),
      events: [],
      transcript: [],
      buckets: [],
      rollups: [],
    });
  });

  it.each([
    { reminderAt: undefined, want: {} },
    { reminderAt: null, want: { cancelReminder: true } },
    { reminderAt: 99, want: { remindAt: 99 } },
  ])('encodes a reminder change $reminderAt', ({ reminderAt, want }) => {
    const turn = encodeTurn(turnWrite(key, record, { reminderAt }));
    expect({ remindAt: turn.remindAt, cancelReminder: turn.cancelReminder }).toEqual({
      remindAt: undefined,
      cancelReminder: undefined,
      ...want,
    });
  });

  it('carries stored documents as the strings they are stored as, and rollups by day bucket', () => {
    const response = responseOf(record);
    const line = userLine('9');
    const turn = encodeTurn(
      turnWrite(key, record, {
        response,
        person: { optedOut: false, lastSurveyedAt: 1 },
        transcript: [line],
        events: [{ id: 'e1', type: 'response.scored', at: 'now', data: response }],
        rollups: [
          { surveyId: 's', day: '2026-03-01', field: 'a', by: 1 },
          { surveyId: 's', day: '2026-03-02', field: 'b', by: -1 },
          { surveyId: 's', day: '2026-03-01', field: 'c', by: 1 },
        ],
      }),
    );
    expect(turn.response).toEqual({
      id: response.id,
      startedAt: record.dialog.startedAt,
      json: JSON.stringify(response),
    });
    expect(turn.person).toBe('{"optedOut":false,"lastSurveyedAt":1}');
    expect(JSON.parse(turn.events[0]?.json ?? '')).toEqual({
      event: expect.objectContaining({ id: 'e1' }),
      attempts: 0,
      done: [],
    });
    expect(turn.transcript).toEqual([JSON.stringify(line)]);
    expect(turn.buckets).toEqual([
      { surveyId: 's', day: '2026-03-01' },
      { surveyId: 's', day: '2026-03-02' },
    ]);
    // Each change is also kept with the response under its day and field (the survey is the response's), for erasure.
    expect(turn.rollups).toEqual([
      { bucket: 0, field: 'a', by: 1, counted: '2026-03-01|a' },
      { bucket: 1, field: 'b', by: -1, counted: '2026-03-02|b' },
      { bucket: 0, field: 'c', by: 1, counted: '2026-03-01|c' },
    ]);
  });
});

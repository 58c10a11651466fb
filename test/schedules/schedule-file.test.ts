/**
 * `schedules` in the survey file (docs/schedules.md): defaults filled, and every mistake one
 * line naming the field (and the schedule), so start-up stops before anything is sent.
 */
import { describe, expect, it } from 'vitest';
import { parseSurvey, SurveyFileError } from '../../src/survey-file.js';

const quarterly = { id: 'quarterly', channel: 'slack', audience: { slackChannel: 'C0CUSTOMER' }, every: '90d' };

function refusal(schedules: unknown): string {
  try {
    parseSurvey({ id: 'q1', brand: 'Acme', schedules }, 'survey.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(SurveyFileError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('the survey was accepted');
}

describe('schedules in the survey file', () => {
  it('fills the defaults: spread over 7 days, touchpoint "relationship", no quiet hours', () => {
    const survey = parseSurvey({ id: 'q1', brand: 'Acme', schedules: [quarterly] }, 'survey.yaml');
    expect(survey.schedules).toEqual([{ ...quarterly, spreadDays: 7, touchpoint: 'relationship' }]);
  });

  it('has no schedules unless the file lists some', () => {
    expect(parseSurvey({ id: 'q1', brand: 'Acme' }, 'survey.yaml').schedules).toEqual([]);
  });

  it('takes an explicit list of Teams users, a start date, quiet hours and a time zone', () => {
    const schedule = {
      id: 'employees',
      channel: 'teams',
      audience: { users: ['29:abc', 'aad-object-id'] },
      every: '3m',
      spreadDays: 0,
      touchpoint: 'employee',
      start: '2026-01-05',
      quietHours: { from: '19:00', to: '08:30' },
      timeZone: 'Europe/Paris',
    };
    expect(parseSurvey({ id: 'q1', brand: 'Acme', schedules: [schedule] }, 's.yaml').schedules).toEqual([schedule]);
  });

  it.each([
    ['a period without a unit', [{ ...quarterly, every: '90' }], 'field "schedules.0.every" (schedule "quarterly")'],
    ['a period in hours', [{ ...quarterly, every: '12h' }], 'expected a period such as "90d"'],
    ['a zero period', [{ ...quarterly, every: '0d' }], 'schedules.0.every'],
    [
      'an unknown channel',
      [{ ...quarterly, channel: 'webchat' }],
      'field "schedules.0.channel" (schedule "quarterly"): expected "slack" or "teams"',
    ],
    [
      'a Slack channel for Teams',
      [{ ...quarterly, channel: 'teams' }],
      'field "schedules.0.audience.slackChannel" (schedule "quarterly"): a Slack channel audience needs channel "slack"',
    ],
    [
      'two schedules with one id',
      [quarterly, quarterly],
      'field "schedules.1.id" (schedule "quarterly"): the id "quarterly" is used twice',
    ],
    [
      'quiet hours without an end',
      [{ ...quarterly, quietHours: { from: '20:00' } }],
      'field "schedules.0.quietHours.to"',
    ],
    ['quiet hours at 25:00', [{ ...quarterly, quietHours: { from: '25:00', to: '08:00' } }], 'expected a 24-hour time'],
    [
      'quiet hours of no length',
      [{ ...quarterly, quietHours: { from: '08:00', to: '08:00' } }],
      'from and to must differ',
    ],
    ['an unknown time zone', [{ ...quarterly, timeZone: 'Mars/Olympus' }], 'field "schedules.0.timeZone"'],
    [
      'a spread as long as the period',
      [{ ...quarterly, every: '1w', spreadDays: 7 }],
      'field "schedules.0.spreadDays"',
    ],
    ['a negative spread', [{ ...quarterly, spreadDays: -1 }], 'field "schedules.0.spreadDays"'],
    ['a start that is no date', [{ ...quarterly, start: 'next monday' }], 'field "schedules.0.start"'],
    ['an audience of nobody', [{ ...quarterly, audience: { users: [] } }], 'schedules.0.audience'],
    [
      'an audience of both kinds',
      [{ ...quarterly, audience: { slackChannel: 'C1AB', users: ['U1'] } }],
      'schedules.0.audience',
    ],
    [
      'a channel name instead of its id',
      [{ ...quarterly, audience: { slackChannel: '#customers' } }],
      'schedules.0.audience',
    ],
    ['an unknown field', [{ ...quarterly, every_days: 90 }], '"schedules.0.every_days"'],
    ['an id with spaces', [{ ...quarterly, id: 'every quarter' }], 'field "schedules.0.id"'],
  ])('refuses %s with one line naming the field', (_, schedules, expected) => {
    expect(refusal(schedules)).toContain(expected);
  });
});

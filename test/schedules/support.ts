/** A bot with Slack pointed at the fake Web API, a simulated clock, and a customer channel's people. */
import type { Survey } from '../../dialogs/index.js';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { spreadOffset } from '../../src/schedules/calendar.js';
import type { ConversationStore } from '../../src/store/types.js';
import type { FakeSlackApi, FakeSlackPerson } from '../slack/fake-slack-api.js';
import { testSurvey } from '../support/survey.js';

export const WAVE_START = Date.parse('2026-01-05T00:00:00Z');
export const QUIET = { from: '20:00', to: '08:00' };
const ZONES = ['America/New_York', 'Europe/Paris', 'Asia/Tokyo', 'UTC', 'America/Los_Angeles'];

export class SimulatedClock {
  constructor(public now: number) {}
  readonly read = () => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

export function customerSurvey(schedule: Record<string, unknown> = {}): Survey {
  return testSurvey({
    // Below the schedule's 90 days, so the small drift of paced sends never throttles the next wave.
    throttleDays: 80,
    schedules: [
      {
        id: 'customers',
        channel: 'slack',
        audience: { slackChannel: 'C0CUSTOMER' },
        every: '90d',
        spreadDays: 7,
        start: '2026-01-05',
        quietHours: QUIET,
        ...schedule,
      },
    ] as never,
  });
}

export interface Channel {
  humans: string[];
  optedOut: string[];
  throttled: string[];
  others: string[];
}

/** Fills the fake workspace: `humans` people plus opted-out, throttled, bots, a deactivated account and the bot. */
export function fillChannel(slack: FakeSlackApi, humans: number): Channel {
  const people = Array.from({ length: humans }, (_, i) => `U${String(i).padStart(4, '0')}`);
  // Opted-out and throttled people whose place comes on the first day, before anything goes wrong in a test.
  const early = Array.from({ length: 400 }, (_, i) => `UX${i}`).filter(
    (user) => spreadOffset({ id: 'customers', spreadDays: 7 }, user) < 86_400_000,
  );
  const optedOut = early.slice(0, 3);
  const throttled = early.slice(3, 6);
  const others = ['UBOTA', 'UBOTB', 'UGONE', 'UBOT', 'USLACKBOT'];
  people.forEach((user, i) => {
    slack.people[user] = { name: `P${i}`, locale: 'en-US', tz: ZONES[i % ZONES.length] } as FakeSlackPerson;
  });
  for (const user of [...optedOut, ...throttled]) slack.people[user] = { name: 'X', locale: 'en-US', tz: 'UTC' };
  slack.people.UBOTA = { name: 'Bot', locale: 'en-US', is_bot: true };
  slack.people.UBOTB = { name: 'Bot', locale: 'en-US', is_bot: true };
  slack.people.UGONE = { name: 'Gone', locale: 'en-US', deleted: true };
  slack.channelMembers.set('C0CUSTOMER', [...people, ...optedOut, ...throttled, ...others]);
  return { humans: people, optedOut, throttled, others };
}

export async function startBot(
  slack: FakeSlackApi,
  clock: SimulatedClock,
  survey: Survey,
  store?: ConversationStore,
  tickMs = 600_000,
): Promise<App> {
  return createApp(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_API_URL: slack.url,
    }),
    {
      survey,
      clock: clock.read,
      ...(store ? { store } : {}),
      scheduleTickMs: tickMs,
      // Paced as in production, in simulated time.
      sleep: async (ms) => clock.advance(ms),
    },
  );
}

/** Before the wave: three people opt out by writing "stop", three are surveyed (and so throttled). */
export async function prepareRefusals(app: App, channel: Channel, clock: SimulatedClock): Promise<void> {
  for (const user of channel.optedOut) {
    await app.engine.handle({ channel: 'slack', user, conversation: `D${user}`, event: { kind: 'start' } });
    await app.engine.handle({
      channel: 'slack',
      user,
      conversation: `D${user}`,
      event: { kind: 'text', text: 'stop' },
    });
  }
  for (const user of channel.throttled)
    await app.proactive.get('slack')?.startSurvey({ user, touchpoint: null, properties: {} });
  clock.advance(0);
}

/** The score questions the bot DMed during [from, to): user → how many. */
export function questionsSent(slack: FakeSlackApi, from: number, to = Number.POSITIVE_INFINITY): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of slack.calls) {
    if (call.method !== 'chat.postMessage' || call.at < from || call.at >= to) continue;
    const channel = String(call.args.channel);
    const blocks = (call.args.blocks as { type: string; elements?: unknown[] }[] | undefined) ?? [];
    const buttons = blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
    if (!channel.startsWith('D') || buttons.length < 11) continue;
    counts.set(channel.slice(1), (counts.get(channel.slice(1)) ?? 0) + 1);
  }
  return counts;
}

/** Local hour:minute of an instant in a zone, as minutes after midnight. */
export function localMinutesIn(at: number, timeZone: string): number {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  const [hours = '0', minutes = '0'] = text.split(':');
  return Number(hours) * 60 + Number(minutes);
}

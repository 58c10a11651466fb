/**
 * Posts each escalation (a detractor who asked to be contacted) to the survey's
 * `escalation.slackChannel`: who, where, score, reason, area, and by when they were promised
 * an answer. Runs as a sink of the outbox, so a failed post is retried.
 */
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import { CHANNELS } from '../../src/engine/types.js';
import { type EventSink, PermanentDeliveryError } from '../../src/outbox/sink.js';
import type { OutgoingEvent } from '../../src/store/types.js';
import { escapeMrkdwn } from './blocks.js';

/** What the post shows of an `escalation.raised` event; the event comes back from the store as plain JSON. */
const escalation = z.object({
  response: z.looseObject({
    channel: z.enum(CHANNELS),
    user: z.string(),
    score: z.number(),
    area: z.string().nullable(),
    touchpoint: z.string().nullable(),
    reason: z.string().nullable(),
  }),
  promisedBy: z.string(),
});
export type Escalation = z.infer<typeof escalation>;

/** A Slack member id as Slack writes it; anything else is never put inside `<@…>`. */
const SLACK_MEMBER = /^[UW][A-Z0-9]{2,20}$/;
/** Slack's limit on one text object. */
const MAX_TEXT = 3000;

const plain = (text: string) => ({ type: 'plain_text', text: text.slice(0, MAX_TEXT), emoji: false });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });

/** One line of our own mrkdwn around a value we did not write: no line breaks, no `<`/`>`/`&` tricks. */
function inline(text: string): string {
  return escapeMrkdwn(text.replace(/\s+/g, ' ').trim());
}

function promisedByDate(promisedBy: string): string {
  const seconds = Math.floor(Date.parse(promisedBy) / 1000);
  return Number.isFinite(seconds)
    ? `<!date^${seconds}^{date_short_pretty} {time}|${inline(promisedBy)}>`
    : inline(promisedBy);
}

/**
 * The escalation post. Only what the bot itself writes is mrkdwn; what a customer (or a page
 * on their behalf) typed — the reason, the touchpoint, an identity — is `plain_text`, which
 * Slack shows as is: a reason cannot add a bold "Promised by" line, a link or a mention.
 */
export function escalationMessage({ response, promisedBy }: Escalation): { text: string; blocks: unknown[] } {
  const mention = response.channel === 'slack' && SLACK_MEMBER.test(response.user) ? `<@${response.user}>` : null;
  const customer = mention
    ? mrkdwn(`*Customer*\n${mention}`)
    : plain(`Customer: ${response.channel} user ${response.user}`);
  const blocks = [
    { type: 'section', text: mrkdwn(':rotating_light: *Detractor asks to be contacted*') },
    {
      type: 'section',
      fields: [
        customer,
        mrkdwn(`*Score*\n${response.score}/10`),
        plain(`Area: ${response.area ?? 'not given'}`),
        plain(`Touchpoint: ${response.touchpoint ?? 'none'}`),
      ],
    },
    { type: 'section', text: mrkdwn('*Reason*') },
    { type: 'section', text: response.reason ? plain(response.reason) : mrkdwn('_not given_') },
    { type: 'section', text: mrkdwn(`*Promised by:* ${promisedByDate(promisedBy)}`) },
  ];
  // The notification text: no customer words at all, so nothing typed can format it either.
  const who = mention ?? `a ${response.channel} customer`;
  return { text: `Detractor asks to be contacted: ${who}, score ${response.score}/10`, blocks };
}

export class SlackEscalationSink implements EventSink {
  readonly name = 'slack-escalations';

  constructor(
    private readonly client: webApi.WebClient,
    private readonly slackChannel: string,
  ) {}

  accepts(event: OutgoingEvent): boolean {
    return event.type === 'escalation.raised';
  }

  async deliver(event: OutgoingEvent): Promise<void> {
    const parsed = escalation.safeParse(event.data);
    // Posting it again would not make it readable; the outbox logs and drops it.
    if (!parsed.success) throw new PermanentDeliveryError(`escalation ${event.id} is malformed`);
    await this.client.chat.postMessage({ channel: this.slackChannel, ...escalationMessage(parsed.data) });
  }
}

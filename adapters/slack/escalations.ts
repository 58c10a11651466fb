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

export function escalationText({ response, promisedBy }: Escalation): string {
  const who =
    response.channel === 'slack'
      ? `<@${response.user}>`
      : `${response.channel} user \`${escapeMrkdwn(response.user)}\``;
  const lines = [
    `:rotating_light: *Detractor asks to be contacted*: ${who}`,
    `*Score:* ${response.score}/10   *Area:* ${escapeMrkdwn(response.area ?? 'not given')}   *Touchpoint:* ${escapeMrkdwn(response.touchpoint ?? 'none')}`,
    `*Reason:* ${response.reason ? escapeMrkdwn(response.reason) : '_not given_'}`,
    `*Promised by:* <!date^${Math.floor(Date.parse(promisedBy) / 1000)}^{date_short_pretty} {time}|${escapeMrkdwn(promisedBy)}>`,
  ];
  return lines.join('\n');
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
    await this.client.chat.postMessage({ channel: this.slackChannel, text: escalationText(parsed.data) });
  }
}

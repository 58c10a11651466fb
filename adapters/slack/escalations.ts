/**
 * The case's post in the survey's `escalation.slackChannel`, as a sink of the outbox (so a
 * failed post is retried): `followup.opened` posts who, where, score, reason, area and by when
 * they were promised an answer, with Claim and Resolve buttons; the post's place is recorded
 * with the follow-up, and its thread is the case's thread in Slack. A claim, resolve or reopen
 * updates the post to show owner and status; what the customer writes is posted in the thread.
 * Nothing here decides anything about a follow-up: it shows the service's events.
 */
import type { webApi } from '@slack/bolt';
import type { ActionsBlock, KnownBlock } from '@slack/types';
import { z } from 'zod';
import type { FollowUpSummary } from '../../src/followups/types.js';
import { type EventSink, PermanentDeliveryError } from '../../src/outbox/sink.js';
import type { FollowUpPost, FollowUps } from '../../src/store/follow-ups.js';
import type { OutgoingEvent } from '../../src/store/types.js';
import { escapeMrkdwn } from './blocks.js';

export const CLAIM_ACTION = 'followup_claim';
export const RESOLVE_ACTION = 'followup_resolve';

/** What the post shows of a follow-up. */
export type ShownFollowUp = Pick<
  FollowUpSummary,
  | 'id'
  | 'status'
  | 'channel'
  | 'user'
  | 'name'
  | 'score'
  | 'area'
  | 'touchpoint'
  | 'reason'
  | 'dueAt'
  | 'claimedBy'
  | 'resolution'
  | 'consented'
>;

/** Which case an event is about, and what the customer wrote; the post shows the case as stored now. */
const followUpEvent = z.object({
  followUp: z.looseObject({ id: z.string() }),
  entry: z.looseObject({ text: z.string() }).optional(),
});

const SHOWN_EVENTS = new Set([
  'followup.opened',
  'followup.claimed',
  'followup.resolved',
  'followup.reopened',
  'followup.customer_replied',
]);

/** A Slack member id as Slack writes it; anything else is never put inside `<@…>`. */
const SLACK_MEMBER = /^[UW][A-Z0-9]{2,20}$/;
/** Slack's limit on one text object. */
const MAX_TEXT = 3000;

type TextObject = { type: 'plain_text'; text: string; emoji: boolean } | { type: 'mrkdwn'; text: string };
const plain = (text: string): TextObject => ({ type: 'plain_text', text: text.slice(0, MAX_TEXT), emoji: false });
const mrkdwn = (text: string): TextObject => ({ type: 'mrkdwn', text });

function promisedByDate(iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  const shown = escapeMrkdwn(iso.replace(/\s+/g, ' ').trim());
  return Number.isFinite(seconds) ? `<!date^${seconds}^{date_short_pretty} {time}|${shown}>` : shown;
}

/** Owner and status: the agent's name and the resolution are typed by people, so they are plain text. */
function statusText(followUp: ShownFollowUp): TextObject {
  const owner = followUp.claimedBy;
  if (followUp.status === 'resolved') {
    return plain(`✅ Resolved${owner ? ` by ${owner}` : ''}: ${followUp.resolution ?? ''}`);
  }
  if (followUp.status === 'claimed') {
    return plain(`🙋 Claimed by ${owner ?? 'someone'}. Reply in this thread to answer the customer.`);
  }
  return plain('⏳ Open: claim it, then reply in this thread to answer the customer.');
}

const mentionOf = (followUp: ShownFollowUp) =>
  followUp.channel === 'slack' && SLACK_MEMBER.test(followUp.user) ? `<@${followUp.user}>` : null;

/**
 * The post: only the bot's own words are mrkdwn; what a customer (or a page on their behalf)
 * typed, an identity and what agents typed are `plain_text`, which Slack shows as is. Claim and
 * Resolve buttons (whose value is the follow-up id) stay until the case is resolved.
 */
export function escalationPost(followUp: ShownFollowUp): { text: string; blocks: KnownBlock[] } {
  const mention = mentionOf(followUp);
  const heading = !followUp.consented ? 'Low score to follow up' : 'Detractor asks to be contacted';
  const customer = mention
    ? mrkdwn(`*Customer*\n${mention}`)
    : plain(`Customer: ${followUp.channel} user ${followUp.name ?? followUp.user}`);
  const blocks = [
    { type: 'section', text: mrkdwn(`:rotating_light: *${heading}*`) },
    {
      type: 'section',
      fields: [
        customer,
        mrkdwn(`*Score*\n${followUp.score}/10`),
        plain(`Area: ${followUp.area ?? 'not given'}`),
        plain(`Touchpoint: ${followUp.touchpoint ?? 'none'}`),
      ],
    },
    { type: 'section', text: mrkdwn('*Reason*') },
    { type: 'section', text: followUp.reason ? plain(followUp.reason) : mrkdwn('_not given_') },
    { type: 'section', text: mrkdwn(`*Promised by:* ${promisedByDate(followUp.dueAt)}`) },
    { type: 'section', text: statusText(followUp) },
  ] as KnownBlock[];
  if (followUp.status !== 'resolved') {
    const button = (label: string, action: string, style?: 'primary') => ({
      type: 'button' as const,
      text: { type: 'plain_text' as const, text: label },
      value: followUp.id,
      action_id: action,
      ...(style ? { style } : {}),
    });
    const actions: ActionsBlock = {
      type: 'actions',
      block_id: 'followup_actions',
      elements: [button('Claim', CLAIM_ACTION, 'primary'), button('Resolve', RESOLVE_ACTION)],
    };
    blocks.push(actions);
  }
  // The notification text: no customer words at all, so nothing typed can format it either.
  const who = mention ?? `a ${followUp.channel} customer`;
  return { text: `${heading}: ${who}, score ${followUp.score}/10`, blocks };
}

export class SlackFollowUpPostSink implements EventSink {
  readonly name = 'slack-escalations';

  constructor(
    private readonly client: webApi.WebClient,
    private readonly slackChannel: string,
    private readonly store: Pick<FollowUps, 'getFollowUp' | 'followUpPost' | 'linkFollowUpPost'>,
  ) {}

  accepts(event: OutgoingEvent): boolean {
    return SHOWN_EVENTS.has(event.type);
  }

  async deliver(event: OutgoingEvent): Promise<void> {
    const parsed = followUpEvent.safeParse(event.data);
    // Posting it again would not make it readable; the outbox logs and drops it.
    if (!parsed.success) throw new PermanentDeliveryError(`follow-up event ${event.id} is malformed`);
    const { entry } = parsed.data;
    const loaded = await this.store.getFollowUp(parsed.data.followUp.id);
    // Erased since (the person asked to be forgotten): nothing to show.
    if (!loaded) return;
    const followUp = loaded.followUp;
    const existing = await this.store.followUpPost(followUp.id);
    // Any event of a case without a post (the opening post still waiting for a retry) makes it.
    const post = existing ?? (await this.open(followUp));
    if (existing && event.type !== 'followup.opened' && event.type !== 'followup.customer_replied') {
      await this.client.chat.update({ channel: post.channel, ts: post.ts, ...escalationPost(followUp) });
    }
    if (event.type === 'followup.customer_replied' && entry) {
      // The customer's words as plain text, under the bot's own label.
      await this.client.chat.postMessage({
        channel: post.channel,
        thread_ts: post.ts,
        text: 'The customer replied',
        blocks: [
          { type: 'context', elements: [mrkdwn(':speech_balloon: *The customer replied*')] },
          { type: 'section', text: plain(entry.text) },
        ],
      });
    }
  }

  /** Posts the case; if another delivery linked a post first, this one is taken back. */
  private async open(followUp: ShownFollowUp): Promise<FollowUpPost> {
    const posted = await this.client.chat.postMessage({ channel: this.slackChannel, ...escalationPost(followUp) });
    if (!posted.ts) throw new Error('Slack answered the escalation post without its ts');
    const mine = { channel: posted.channel ?? this.slackChannel, ts: posted.ts };
    const kept = await this.store.linkFollowUpPost(followUp.id, mine);
    if (kept.ts !== mine.ts) await this.client.chat.delete({ channel: mine.channel, ts: mine.ts }).catch(() => {});
    return kept;
  }
}

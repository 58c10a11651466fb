/**
 * Agents working a case in Slack: Claim and Resolve on the escalation post, and replies in its
 * thread, become the follow-up service's claim, resolve and reply, with the clicking or writing
 * Slack user as the agent (named from `users.info`). The service's answer is all that decides:
 * a conflict (a resolved case) is said back to the agent in Slack. The post itself is updated
 * by the post sink (escalations.ts) when the service's event arrives.
 */
import type { App, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { AgentAction, FollowUpService } from '../../src/followups/service.js';
import type { FollowUps } from '../../src/store/follow-ups.js';
import { CLAIM_ACTION, RESOLVE_ACTION } from './escalations.js';
import type { SlackDirectory } from './people.js';

export interface FollowUpThreadOptions {
  app: App;
  service: Pick<FollowUpService, 'act'>;
  posts: Pick<FollowUps, 'followUpOfPost'>;
  directory: SlackDirectory;
  /** The survey's `escalation.slackChannel`: only its threads are cases. */
  slackChannel: string;
  logger: Logger;
}

/** What a Claim or Resolve click carries that this module reads. */
const caseClick = z.looseObject({
  user: z.looseObject({ id: z.string() }),
  channel: z.looseObject({ id: z.string() }),
  message: z.looseObject({ ts: z.string() }),
  actions: z.array(z.looseObject({ action_id: z.string(), value: z.string().min(1) })).min(1),
});

/** A person's reply in a thread: no subtype (edit, join, bot message), no bot id. */
const threadReply = z.looseObject({
  channel: z.string(),
  user: z.string(),
  ts: z.string(),
  thread_ts: z.string(),
  text: z.string(),
  subtype: z.never().optional(),
  bot_id: z.never().optional(),
});

/** Slack has no resolution field on a button; the dashboard and the API take a written one. */
export const SLACK_RESOLUTION = 'resolved in Slack';

export function registerFollowUpThread(options: FollowUpThreadOptions): void {
  const { app, service, posts, directory, slackChannel, logger } = options;
  const agentName = async (userId: string) => (await directory.lookUp(userId)).name ?? userId;

  for (const actionId of [CLAIM_ACTION, RESOLVE_ACTION]) {
    app.action(actionId, async ({ ack, body, client }) => {
      await ack();
      const click = caseClick.safeParse(body);
      if (!click.success) {
        logger.warn({ action: actionId }, 'a follow-up button click without its case; ignored');
        return;
      }
      const { user, channel, actions } = click.data;
      const agent = await agentName(user.id);
      const id = actions[0]?.value ?? '';
      const action: AgentAction =
        actionId === CLAIM_ACTION ? { kind: 'claim', agent } : { kind: 'resolve', agent, resolution: SLACK_RESOLUTION };
      const result = await service.act(id, action);
      if (result.ok) return;
      const text = result.error === 'not_found' ? 'This case no longer exists.' : `Not done: ${result.message}.`;
      await tell(client, { channel: channel.id, user: user.id, text }, logger);
    });
  }

  app.event('message', async ({ event, client, context }) => {
    const parsed = threadReply.safeParse(event);
    if (!parsed.success) return;
    const reply = parsed.data;
    if (reply.channel !== slackChannel || reply.thread_ts === reply.ts) return;
    const id = await posts.followUpOfPost({ channel: reply.channel, ts: reply.thread_ts });
    if (!id) return;
    const text = reply.text.trim();
    if (text === '') return;
    const agent = await agentName(reply.user);
    // The message's own place is the reply's id: Slack's retry of this event adds nothing.
    const result = await service.act(id, { kind: 'reply', agent, text, replyId: `slack:${reply.channel}:${reply.ts}` });
    if (result.ok) return;
    // A retry finds the answer already in the thread from its first delivery.
    if (context.retryNum) return;
    const said =
      result.error === 'not_found'
        ? 'This case no longer exists; your reply was not sent.'
        : `This case is resolved: your reply was not sent to the customer. Reopen it from the dashboard to write to them again.`;
    await client.chat
      .postMessage({ channel: reply.channel, thread_ts: reply.thread_ts, text: said })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not answer a reply to a resolved case'));
  });
}

async function tell(
  client: webApi.WebClient,
  to: { channel: string; user: string; text: string },
  logger: Logger,
): Promise<void> {
  await client.chat
    .postEphemeral({ channel: to.channel, user: to.user, text: to.text })
    .catch((error: unknown) => logger.warn({ err: error }, 'could not tell an agent why a click did nothing'));
}

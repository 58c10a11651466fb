/**
 * Delivers an agent's reply to the customer, as a sink of the outbox (so it is retried with
 * back-off, survives a restart on Redis, and one process at a time holds it under a lease).
 * The reply is an engine turn in the customer's conversation with the inbound id
 * `reply:<reply id>`, so the transcript gets it once however often delivery is tried; then the
 * channel renders and sends it the way it sends the bot's own messages. Web chat needs no send:
 * the open bubble reads the transcript.
 */
import { z } from 'zod';
import { agentMessage } from '../../dialogs/follow-up.js';
import type { Engine } from '../engine/engine.js';
import { CHANNELS, type OutboundMessage } from '../engine/types.js';
import { type EventSink, PermanentDeliveryError } from '../outbox/sink.js';
import type { ProactiveChannels } from '../proactive.js';
import type { OutgoingEvent } from '../store/types.js';

const replied = z.object({
  followUp: z.looseObject({ id: z.string(), channel: z.enum(CHANNELS), user: z.string() }),
  entry: z.looseObject({ id: z.string(), author: z.string(), text: z.string() }),
  conversation: z.string(),
});

export class FollowUpDeliverySink implements EventSink {
  readonly name = 'followup-delivery';
  /** Part of the bot itself: it does not make the engine write events nobody else wants. */
  readonly internal = true;

  constructor(
    private readonly engine: Pick<Engine, 'handle'>,
    private readonly channels: ProactiveChannels,
  ) {}

  accepts(event: OutgoingEvent): boolean {
    return event.type === 'followup.replied';
  }

  async deliver(event: OutgoingEvent): Promise<void> {
    const parsed = replied.safeParse(event.data);
    if (!parsed.success) throw new PermanentDeliveryError(`follow-up reply ${event.id} is malformed`);
    const { followUp, entry, conversation } = parsed.data;
    const target = { user: followUp.user, conversation };
    const result = await this.engine.handle({
      channel: followUp.channel,
      ...target,
      messageId: `reply:${entry.id}`,
      continueOnly: true,
      event: { kind: 'agentReply', author: entry.author, text: entry.text },
    });
    if (result.status === 'unavailable') throw new Error('the store is unavailable; the reply waits');
    let messages: OutboundMessage[] = result.messages;
    if (result.status === 'not_found') {
      if (followUp.channel === 'webchat') {
        throw new PermanentDeliveryError(`the web chat session of follow-up ${followUp.id} has ended`);
      }
      // The conversation's state has expired, but the DM or chat is still there to write into.
      messages = [{ ...agentMessage(entry.author, entry.text), id: `reply-${entry.id}` }];
    }
    if (followUp.channel === 'webchat') return;
    const channel = this.channels.get(followUp.channel);
    if (!channel) throw new PermanentDeliveryError(`no channel can deliver to ${followUp.channel}`);
    const delivered = await channel.deliver(target, messages);
    if (!delivered) throw new PermanentDeliveryError(`${followUp.channel} cannot reach the person of ${followUp.id}`);
  }
}

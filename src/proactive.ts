/**
 * How the admin API starts a survey on a channel (`POST /api/surveys`, docs/closing-the-loop.md). Each
 * channel that can reach a person unprompted registers one `ProactiveChannel`; the route
 * only picks the channel and reports the status.
 */
import type { Channel, OutboundMessage } from './engine/types.js';

export interface ProactiveRequest {
  user: string;
  touchpoint: string | null;
  properties: Record<string, string>;
}

export type ProactiveStatus = 'sent' | 'throttled' | 'opted_out' | 'no_conversation';

/** Why a `no_conversation` (docs/closing-the-loop.md, "Proactive surveys and campaigns"). */
export type NoConversationReason =
  | 'channel_not_configured'
  | 'no_reference'
  | 'dm_not_opened'
  | 'visitor_not_reachable';

export interface ProactiveChannel {
  readonly channel: Channel;
  /** What this channel's `no_conversation` means: each channel has one way of failing to reach a person. */
  readonly unreachable: NoConversationReason;
  /**
   * Opens (or finds) the person's conversation, runs an engine turn with
   * `{ kind: 'start', startedBy: 'bot', … }` and delivers its messages.
   * A refusal from the engine (`refused`) is returned as the status without sending anything.
   */
  startSurvey(request: ProactiveRequest): Promise<ProactiveStatus>;
  /**
   * Sends messages into an existing conversation without being asked (a reminder).
   * Returns false when the person cannot be reached any more.
   */
  deliver(target: { user: string; conversation: string }, messages: OutboundMessage[]): Promise<boolean>;
}

export class ProactiveChannels {
  private readonly byChannel = new Map<Channel, ProactiveChannel>();

  register(channel: ProactiveChannel): void {
    this.byChannel.set(channel.channel, channel);
  }

  get(channel: Channel): ProactiveChannel | undefined {
    return this.byChannel.get(channel);
  }
}

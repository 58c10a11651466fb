/**
 * Surveys sent by the bot in Slack: open the DM (`conversations.open`), start the survey,
 * post the question. Slack's rate limits (429 + Retry-After) are waited out by the Web API
 * client, which retries.
 */
import type { webApi } from '@slack/bolt';
import type { Engine } from '../../src/engine/engine.js';
import type { OutboundMessage } from '../../src/engine/types.js';
import type { ProactiveChannel, ProactiveRequest, ProactiveStatus } from '../../src/proactive.js';
import { type PostBook, post } from './conversation.js';
import type { SlackDirectory } from './people.js';

export class SlackProactiveChannel implements ProactiveChannel {
  readonly channel = 'slack' as const;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly engine: Engine,
    private readonly directory: SlackDirectory,
    private readonly book: PostBook,
  ) {}

  async startSurvey(request: ProactiveRequest): Promise<ProactiveStatus> {
    // Ask the engine first, so nobody throttled or opted out even gets a DM opened.
    const eligibility = await this.engine.eligibility({ channel: 'slack', user: request.user });
    if (eligibility !== 'ok') return eligibility;
    let channel: string | undefined;
    try {
      channel = (await this.client.conversations.open({ users: request.user })).channel?.id;
    } catch {
      return 'no_conversation';
    }
    if (!channel) return 'no_conversation';
    const person = await this.directory.lookUp(request.user);
    const result = await this.engine.handle({
      channel: 'slack',
      user: request.user,
      conversation: channel,
      userName: person.name,
      locale: person.locale,
      event: { kind: 'start', startedBy: 'bot', touchpoint: request.touchpoint, properties: request.properties },
    });
    if (result.refused) return result.refused;
    await post(
      this.client,
      this.book,
      { channel: 'slack', user: request.user, conversation: channel },
      result.messages,
    );
    return 'sent';
  }

  async deliver(target: { user: string; conversation: string }, messages: OutboundMessage[]): Promise<boolean> {
    await post(this.client, this.book, { channel: 'slack', ...target }, messages);
    return true;
  }
}

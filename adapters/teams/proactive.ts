/**
 * Starts a survey in Teams without being asked: continues the conversation stored for the
 * person when they installed the app or last wrote, or answers `no_conversation`.
 */
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Engine } from '../../src/engine/engine.js';
import type { OutboundMessage } from '../../src/engine/types.js';
import type { ProactiveChannel, ProactiveRequest, ProactiveStatus } from '../../src/proactive.js';
import type { ConversationStore } from '../../src/store/types.js';
import { send } from './bot.js';

const storedReference = z.object({
  user: z.string(),
  name: z.string().nullable().default(null),
  locale: z.string().nullable().default(null),
  reference: z.looseObject({ conversation: z.looseObject({ id: z.string() }), serviceUrl: z.string() }),
});

export class TeamsProactiveChannel implements ProactiveChannel {
  readonly channel = 'teams' as const;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly engine: Engine,
    private readonly store: ConversationStore,
    private readonly logger: Logger,
  ) {}

  private get cards() {
    return { posted: this.store, logger: this.logger };
  }

  async startSurvey(request: ProactiveRequest): Promise<ProactiveStatus> {
    const found = storedReference.safeParse(await this.store.getReference({ channel: 'teams', user: request.user }));
    if (!found.success) return 'no_conversation';
    const { user, name, locale } = found.data;
    // Validated for the fields we rely on; the rest is botbuilder's own, stored as it gave it.
    const reference = found.data.reference as unknown as Partial<ConversationReference> & {
      conversation: { id: string };
    };
    let status: ProactiveStatus = 'sent';
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      const result = await this.engine.handle({
        channel: 'teams',
        user,
        userName: name,
        locale,
        conversation: reference.conversation.id,
        event: { kind: 'start', startedBy: 'bot', touchpoint: request.touchpoint, properties: request.properties },
      });
      if (result.refused) {
        status = result.refused;
        return;
      }
      await send(
        context,
        this.cards,
        { channel: 'teams', user, conversation: reference.conversation.id },
        result.messages,
      );
    });
    return status;
  }

  async deliver(target: { user: string; conversation: string }, messages: OutboundMessage[]): Promise<boolean> {
    const found = storedReference.safeParse(await this.store.getReference({ channel: 'teams', user: target.user }));
    if (!found.success) return false;
    const reference = found.data.reference as unknown as Partial<ConversationReference>;
    const key = { channel: 'teams', user: target.user, conversation: target.conversation } as const;
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      await send(context, this.cards, key, messages);
    });
    return true;
  }
}

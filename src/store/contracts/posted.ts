/**
 * Where a channel shows the bot's messages (a Teams activity id, a Slack message `ts`), so a
 * question card can be updated when its step is answered on another card or by typing. Kept
 * with the conversation (in Redis, in the conversation's own hash): it expires and is erased
 * with it, and costs a turn's load nothing.
 */
import type { ConversationKey } from './conversations.js';

export interface PostedMessages {
  /**
   * Remembers the channel's id of each message: engine message id → channel id. Does nothing
   * when the conversation is not stored (expired or erased meanwhile).
   */
  rememberPosted(key: ConversationKey, posted: Readonly<Record<string, string>>): Promise<void>;
  /** The channel ids remembered for these engine message ids; unknown ones are left out. */
  findPosted(key: ConversationKey, messageIds: readonly string[]): Promise<Record<string, string>>;
}

/** Reminders: when a bot-started survey is nudged once. Set and cancelled by `commit`; claimed here. */
import type { ConversationKey } from './conversations.js';

export interface ReminderSchedule {
  /**
   * Takes up to `limit` conversations whose reminder is due, earliest due first; each is
   * handed to one caller only, once.
   */
  claimDueReminders(now: number, limit: number): Promise<ConversationKey[]>;
}

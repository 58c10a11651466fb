/**
 * Message ids, numbered in one place. Each turn takes the next number for the person's line
 * (even a turn without one, such as a start) and the numbers after it for the bot's messages,
 * so ids are unique within a conversation and a retried turn, answered from the transcript,
 * shows the same ones.
 */

export interface TurnIds {
  /** The person's line of this turn. */
  user: string;
  /** The bot's messages, in order. */
  bot: string[];
  /** The count to store for the next turn. */
  sent: number;
}

export function turnIds(sentBefore: number, botMessages: number): TurnIds {
  const user = sentBefore + 1;
  return {
    user: `u${user}`,
    bot: Array.from({ length: botMessages }, (_, i) => `m${user + 1 + i}`),
    sent: user + botMessages,
  };
}

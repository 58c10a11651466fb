/**
 * How a turn's messages go out as few channel messages as they can: the bot's words up to and
 * including a question with buttons make one message (a greeting and the score card are one
 * Teams activity, one Slack post); an agent's reply stands alone, under the agent's name. The
 * engine keeps the same grouping for the cards it settles later, so an answered card shows
 * the words it was sent with.
 */
import type { OutboundMessage } from './types.js';

export interface MessageGroup {
  /** In order; when there is a question, it is the last. */
  messages: OutboundMessage[];
  question: OutboundMessage | null;
}

const asksWithButtons = (message: OutboundMessage) => Boolean(message.choices && message.choices.length > 0);

export function messageGroups(outbound: readonly OutboundMessage[]): MessageGroup[] {
  const groups: MessageGroup[] = [];
  let words: OutboundMessage[] = [];
  const flush = () => {
    if (words.length > 0) groups.push({ messages: words, question: null });
    words = [];
  };
  for (const message of outbound) {
    if (message.from === 'agent') {
      flush();
      groups.push({ messages: [message], question: null });
    } else if (asksWithButtons(message)) {
      groups.push({ messages: [...words, message], question: message });
      words = [];
    } else {
      words.push(message);
    }
  }
  flush();
  return groups;
}

/**
 * One survey in a terminal: start it, print what the bot says, read a line, hand it to the
 * engine, until the conversation is done or the input ends. Lines come in and text goes out
 * through arguments, so a test can drive it with an array and read what was printed.
 */
import type { Engine } from '../../src/engine/engine.js';
import type { Inbound, InboundEvent, OutboundMessage } from '../../src/engine/types.js';
import { renderMessage, YOU_PREFIX } from './render.js';
import { readReply } from './reply.js';

export interface TerminalSessionOptions {
  engine: Pick<Engine, 'handle'>;
  /** Who is answering and in which conversation; channel is always 'terminal'. */
  user: string;
  conversation: string;
  userName?: string | null;
  locale?: string | null;
  lines: AsyncIterable<string>;
  write: (line: string) => void;
  /** Print each line read, so a piped conversation reads as a transcript; off when a person types. */
  echo: boolean;
  /** Called when the next line is wanted (shows the prompt on a terminal). */
  prompt?: () => void;
}

/** Runs the conversation; resolves 'done' when the bot ended it, 'eof' when the input ended first. */
export async function runTerminalSession(options: TerminalSessionOptions): Promise<'done' | 'eof'> {
  const { engine, write } = options;
  let question: OutboundMessage | undefined;
  const turn = async (event: InboundEvent): Promise<boolean> => {
    const inbound: Inbound = {
      channel: 'terminal',
      user: options.user,
      conversation: options.conversation,
      userName: options.userName ?? null,
      locale: options.locale ?? null,
      event,
    };
    const result = await engine.handle(inbound);
    for (const message of result.messages) {
      for (const line of renderMessage(message)) write(line);
      if (message.expects !== 'none') question = message;
    }
    return result.done;
  };

  if (await turn({ kind: 'start', startedBy: 'user' })) return 'done';
  options.prompt?.();
  for await (const line of options.lines) {
    if (options.echo) write(`${YOU_PREFIX}${line}`);
    // An empty line is a stray Enter, not an answer: it should not cost one of the three tries.
    if (line.trim() === '') {
      options.prompt?.();
      continue;
    }
    if (await turn(readReply(line, question))) return 'done';
    options.prompt?.();
  }
  return 'eof';
}

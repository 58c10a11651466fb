/**
 * Which posted messages a turn's settled questions are shown answered on (docs/teams.md,
 * docs/slack.md): the pressed one by the channel id the press came from, and every other card
 * of the step (a re-ask) by where the adapter remembered posting it. Channel ids are opaque
 * here — a Teams activity id, a Slack `ts` — so each adapter only renders and sends the update.
 */
import type { Logger } from 'pino';
import type { ConversationKey, PostedMessages } from '../store/types.js';
import type { SettledQuestion, TurnResult } from './types.js';

export interface PostToSettle {
  /** The channel's id of the posted message. */
  posted: string;
  question: SettledQuestion;
}

export async function postsToSettle(
  { posted, logger }: { posted: PostedMessages; logger: Logger },
  key: ConversationKey,
  result: TurnResult,
  pressedPost: string | undefined,
): Promise<PostToSettle[]> {
  const settled = result.settled ?? [];
  if (settled.length === 0) return [];
  const pressed = pressedPost ? result.answered : undefined;
  const others = settled.filter((question) => question.id !== pressed?.id);
  const where =
    others.length > 0
      ? await posted
          .findPosted(
            key,
            others.map((question) => question.id),
          )
          .catch((error: unknown): Record<string, string> => {
            logger.warn({ err: error, channel: key.channel }, 'could not read where the questions were posted');
            return {};
          })
      : {};
  return [
    ...(pressed && pressedPost ? [{ posted: pressedPost, question: pressed }] : []),
    ...others.flatMap((question) => {
      const id = where[question.id];
      return id && id !== pressedPost ? [{ posted: id, question }] : [];
    }),
  ];
}

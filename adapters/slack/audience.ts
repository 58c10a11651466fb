/**
 * A schedule's audience in Slack (docs/schedules.md): a channel's members from
 * `conversations.members`, page by page, less bots, deactivated accounts and the bot itself
 * (from `users.info`, through the directory's cache), each with their time zone.
 */
import type { webApi } from '@slack/bolt';
import type { AudienceDirectory, AudienceMember } from '../../src/schedules/audience.js';
import type { SlackDirectory } from './people.js';

/** Slack's recommended page size for cursor-paged methods. */
const PAGE_SIZE = 200;

export class SlackAudience implements AudienceDirectory {
  readonly channel = 'slack' as const;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly directory: SlackDirectory,
    private readonly botUserId: string | undefined,
  ) {}

  async channelMembers(channelId: string): Promise<AudienceMember[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.client.conversations.members({
        channel: channelId,
        limit: PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      ids.push(...(page.members ?? []));
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    const members: AudienceMember[] = [];
    for (const user of new Set(ids)) {
      if (user === this.botUserId) continue;
      const person = await this.directory.lookUp(user);
      if (person.surveyable) members.push({ user, timeZone: person.timeZone });
    }
    return members;
  }

  async timeZoneOf(user: string): Promise<string | null> {
    return (await this.directory.lookUp(user)).timeZone;
  }
}

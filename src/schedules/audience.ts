/**
 * Who a schedule asks: the members of a Slack channel, or the people the file lists, each with
 * the time zone their channel knows (Slack's `tz`; Teams tells a bot none). A channel that can
 * list or look people up registers an `AudienceDirectory`; the scheduler only asks this class.
 */
import type { Schedule } from '../../dialogs/index.js';
import type { Channel } from '../engine/types.js';

export interface AudienceMember {
  user: string;
  /** IANA zone, or null when the channel does not know it (the schedule's `timeZone`, else UTC). */
  timeZone: string | null;
}

export interface AudienceDirectory {
  readonly channel: Channel;
  /** The people in a channel who can be surveyed: no bots, no deactivated accounts, not the bot itself. */
  channelMembers?(channelId: string): Promise<AudienceMember[]>;
  timeZoneOf?(user: string): Promise<string | null>;
}

export class AudienceUnavailableError extends Error {
  readonly code = 'audience_unavailable';
}

export class Audiences {
  private readonly directories = new Map<Channel, AudienceDirectory>();

  register(directory: AudienceDirectory): void {
    this.directories.set(directory.channel, directory);
  }

  async members(schedule: Schedule): Promise<AudienceMember[]> {
    const directory = this.directories.get(schedule.channel);
    const { audience } = schedule;
    if ('slackChannel' in audience) {
      if (!directory?.channelMembers) {
        throw new AudienceUnavailableError(`schedule ${schedule.id}: Slack is not configured (SLACK_BOT_TOKEN)`);
      }
      return directory.channelMembers(audience.slackChannel);
    }
    const people = [...new Set(audience.users)];
    const lookUp = directory?.timeZoneOf?.bind(directory);
    const members: AudienceMember[] = [];
    for (const user of people) members.push({ user, timeZone: lookUp ? await lookUp(user) : null });
    return members;
  }
}

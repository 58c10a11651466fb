/** Who a Slack user is (display name and locale), from `users.info`, cached so a survey costs one look-up. */
import type { webApi } from '@slack/bolt';
import { isTimeZone } from '../../dialogs/index.js';

export interface SlackPerson {
  name: string | null;
  locale: string | null;
  /** IANA zone (`tz`), for a schedule's quiet hours. */
  timeZone: string | null;
  /** A bot or a deactivated account, which a schedule leaves out. */
  surveyable: boolean;
}

const TTL_MS = 60 * 60 * 1000;
/** A failed look-up is retried soon: the next messages may greet by name again. */
const FAILED_TTL_MS = 60 * 1000;
const MAX_CACHED = 10_000;

export class SlackDirectory {
  private readonly cache = new Map<string, { person: SlackPerson; until: number }>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly clock: () => number = Date.now,
  ) {}

  async lookUp(userId: string): Promise<SlackPerson> {
    const cached = this.cache.get(userId);
    if (cached && this.clock() < cached.until) return cached.person;
    let person: SlackPerson = { name: null, locale: null, timeZone: null, surveyable: true };
    let ttl = TTL_MS;
    try {
      const answer = await this.client.users.info({ user: userId, include_locale: true });
      const user = answer.user;
      const name = user?.profile?.first_name || user?.profile?.display_name || user?.real_name || null;
      person = {
        name: name || null,
        locale: user?.locale ?? null,
        timeZone: user?.tz && isTimeZone(user.tz) ? user.tz : null,
        surveyable: !user?.deleted && !user?.is_bot && userId !== 'USLACKBOT',
      };
    } catch {
      // Without the name the bot still works: it greets without one, in the survey's language.
      ttl = FAILED_TTL_MS;
    }
    this.cache.delete(userId);
    this.cache.set(userId, { person, until: this.clock() + ttl });
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    return person;
  }
}

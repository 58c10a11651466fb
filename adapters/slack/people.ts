/**
 * Who a Slack user is, for the greeting and the language: name and locale from `users.info`
 * (`include_locale`), cached for a while so a conversation costs one lookup, not one per turn.
 * A failed lookup is not fatal: the survey goes on in the survey's language, without a name.
 */
import type { Logger } from 'pino';
import { z } from 'zod';

export interface SlackPerson {
  name: string | null;
  /** Slack's locale tag, e.g. "en-US", "zh-CN", "zh-TW". */
  locale: string | null;
}

const nonEmpty = z
  .string()
  .optional()
  .transform((text) => (text?.trim() ? text.trim() : undefined));

const usersInfo = z.looseObject({
  user: z.looseObject({
    name: nonEmpty,
    real_name: nonEmpty,
    locale: nonEmpty,
    profile: z.looseObject({ display_name: nonEmpty, real_name: nonEmpty }).optional(),
  }),
});

export interface SlackPeopleOptions {
  /** Calls `users.info` for one user; its answer is read here. */
  lookUp: (user: string) => Promise<unknown>;
  clock: () => number;
  logger: Logger;
  ttlMs?: number;
  maxEntries?: number;
}

export class SlackPeople {
  private readonly cache = new Map<string, { person: Promise<SlackPerson>; until: number }>();
  private readonly lookUp: (user: string) => Promise<unknown>;
  private readonly clock: () => number;
  private readonly logger: Logger;
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(options: SlackPeopleOptions) {
    this.lookUp = options.lookUp;
    this.clock = options.clock;
    this.logger = options.logger;
    this.ttlMs = options.ttlMs ?? 15 * 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  /** The person as Slack knows them; concurrent calls for one user share one lookup. */
  find(user: string): Promise<SlackPerson> {
    const now = this.clock();
    const cached = this.cache.get(user);
    if (cached && cached.until > now) return cached.person;
    const person = this.read(user);
    this.remember(user, person, now);
    return person;
  }

  /** What is already known without asking Slack (the slash command must answer within 3 s). */
  async known(user: string): Promise<SlackPerson | undefined> {
    const cached = this.cache.get(user);
    return cached && cached.until > this.clock() ? cached.person : undefined;
  }

  private async read(user: string): Promise<SlackPerson> {
    try {
      const parsed = usersInfo.safeParse(await this.lookUp(user));
      if (!parsed.success) throw new Error(`users.info answered an unexpected shape for ${user}`);
      const { name, real_name, locale, profile } = parsed.data.user;
      return { name: profile?.display_name ?? profile?.real_name ?? real_name ?? name ?? null, locale: locale ?? null };
    } catch (error) {
      // Not cached: the next turn asks again, by when Slack may answer.
      this.cache.delete(user);
      this.logger.warn({ err: error, user }, 'could not look up a Slack user; going on without name and locale');
      return { name: null, locale: null };
    }
  }

  private remember(user: string, person: Promise<SlackPerson>, now: number): void {
    this.cache.delete(user);
    if (this.cache.size >= this.maxEntries) {
      // Maps keep insertion order and every hit re-inserts, so the first key is the oldest one.
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(user, { person, until: now + this.ttlMs });
  }
}

/** The three locales every message exists in, and how a channel's locale tag maps onto them. */
export const LOCALES = ['en', 'zh-CN', 'zh-TW'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

// Traditional script is used in Taiwan, Hong Kong and Macau; every other Chinese tag reads Simplified.
const TRADITIONAL = /^zh[-_](tw|hk|mo|hant)/i;

/**
 * Maps a channel's locale tag ("en-US", "zh-Hant-TW", "zh_CN", "zh") to one of ours,
 * or `undefined` when the tag names a language we do not speak.
 */
export function resolveLocale(tag: string | undefined | null): Locale | undefined {
  if (!tag) return undefined;
  const trimmed = tag.trim();
  if (/^zh\b/i.test(trimmed) || /^zh[-_]/i.test(trimmed)) {
    return TRADITIONAL.test(trimmed) ? 'zh-TW' : 'zh-CN';
  }
  if (/^en\b/i.test(trimmed) || /^en[-_]/i.test(trimmed)) return 'en';
  return undefined;
}

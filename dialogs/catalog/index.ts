/**
 * The message catalogues and the one function that turns a key into text for a locale,
 * applying a survey's per-locale overrides before the built-in wording.
 */
import type { Locale } from '../locale.js';
import { en, type MessageKey } from './en.js';
import { zhCN } from './zh-CN.js';
import { zhTW } from './zh-TW.js';

export type { MessageKey } from './en.js';
export type Catalog = Readonly<Record<MessageKey, string>>;
export type CatalogOverrides = Partial<Record<Locale, Partial<Record<string, string>>>>;

export const CATALOGS: Readonly<Record<Locale, Catalog>> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW };

export const MESSAGE_KEYS = Object.keys(en) as MessageKey[];

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(en, value);
}

/** Fills `{param}` placeholders; unknown placeholders are left as they are so a typo shows. */
export function fillTemplate(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export function translate(
  locale: Locale,
  key: MessageKey,
  params: Readonly<Record<string, string | number>> = {},
  overrides: CatalogOverrides = {},
): string {
  const template = overrides[locale]?.[key] ?? CATALOGS[locale][key];
  return fillTemplate(template, params);
}

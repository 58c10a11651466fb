/**
 * What a survey file may hold so that every channel can show it: the limits of Slack's Block
 * Kit and Teams' Adaptive Cards, and texts whose placeholders the bot can fill. A survey that
 * breaks one stops start-up with a line naming the field and the limit, instead of a channel
 * refusing a message in front of a customer.
 */
import type { z } from 'zod';
import { CATALOGS, isMessageKey, type MessageKey } from './catalog/index.js';
import { LOCALES } from './locale.js';

/** Slack allows 25 elements in one actions block; the areas are one block of buttons. */
export const MAX_DETRACTOR_AREAS = 25;
/** Slack's button text is at most 75 characters. */
export const MAX_CHOICE_LABEL = 75;
/** An area id becomes part of a Slack `action_id` (at most 255) and of Teams' submit data. */
export const MAX_AREA_ID = 64;
/** The brand appears in several messages; Slack's section text is at most 3,000 characters. */
export const MAX_BRAND = 200;
/** One message text, before its placeholders are filled: well under Slack's 3,000 with the brand in it. */
export const MAX_TEXT = 2_000;
/** The bubble's header line under the brand: one line on a 320 px phone. */
export const MAX_BUBBLE_TITLE = 60;

/** Placeholders a message's text must keep: without them the message loses its point. */
const REQUIRED_PLACEHOLDERS: Partial<Record<MessageKey, readonly string[]>> = {
  rewardCode: ['code'],
  confirmGuess: ['score'],
  reviewInvite: ['url'],
  referralInvite: ['url'],
};

const PLACEHOLDER = /\{(\w+)\}/g;

function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

/** The placeholders the bot fills in a message: those its built-in wording uses in any language. */
function knownPlaceholders(key: MessageKey): Set<string> {
  return new Set(LOCALES.flatMap((locale) => placeholdersOf(CATALOGS[locale][key])));
}

function list(names: Iterable<string>): string {
  const shown = [...names].map((name) => `{${name}}`);
  return shown.length === 0 ? 'none' : shown.join(', ');
}

interface SurveyTexts {
  brand: string;
  texts: Partial<Record<string, Partial<Record<string, string | undefined>>>>;
  detractorAreas: readonly (string | { id: string; label: Partial<Record<string, string | undefined>> })[];
}

export function checkChannelLimits(survey: SurveyTexts, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

  if (survey.brand.length > MAX_BRAND) {
    issue(['brand'], `at most ${MAX_BRAND} characters (it is ${survey.brand.length}); it appears in several messages`);
  }

  const areas = survey.detractorAreas;
  if (areas.length > MAX_DETRACTOR_AREAS) {
    issue(
      ['detractorAreas'],
      `at most ${MAX_DETRACTOR_AREAS} areas (Slack shows 25 buttons at most), not ${areas.length}`,
    );
  }
  const seen = new Set<string>();
  areas.forEach((area, index) => {
    const id = typeof area === 'string' ? area : area.id;
    if (id.length > MAX_AREA_ID) issue(['detractorAreas', index], `an area id is at most ${MAX_AREA_ID} characters`);
    if (seen.has(id)) issue(['detractorAreas', index], `the area "${id}" is listed twice`);
    seen.add(id);
    if (typeof area === 'string') return;
    for (const [locale, label] of Object.entries(area.label)) {
      if (label !== undefined && label.length > MAX_CHOICE_LABEL) {
        issue(['detractorAreas', index, 'label', locale], `at most ${MAX_CHOICE_LABEL} characters (a button's text)`);
      }
    }
  });

  for (const [locale, overrides] of Object.entries(survey.texts)) {
    for (const [key, text] of Object.entries(overrides ?? {})) {
      if (text === undefined) continue;
      const path = ['texts', locale, key];
      if (text.length > MAX_TEXT) issue(path, `at most ${MAX_TEXT} characters`);
      if (!isMessageKey(key)) continue; // the schema names unknown keys itself
      if (key.startsWith('area_') && text.length > MAX_CHOICE_LABEL) {
        issue(path, `at most ${MAX_CHOICE_LABEL} characters (a button's text)`);
      }
      const known = knownPlaceholders(key);
      const unknown = placeholdersOf(text).filter((name) => !known.has(name));
      if (unknown.length > 0) {
        issue(path, `unknown placeholder ${list(unknown)} (this text can use ${list(known)})`);
      }
      const missing = (REQUIRED_PLACEHOLDERS[key] ?? []).filter((name) => !text.includes(`{${name}}`));
      if (missing.length > 0) issue(path, `must contain ${list(missing)}`);
    }
  }
}

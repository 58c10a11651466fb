/**
 * The Slack adapter's own words, in the bot's three locales: the survey's messages come from
 * the dialog catalogues; these only say where the survey went.
 */
import { type Locale, resolveLocale } from '../../dialogs/index.js';

export interface SlackStrings {
  /** Shown only to whoever typed `/nps` outside the DM, so they know where to look. */
  surveyInDm: string;
}

const STRINGS: Record<Locale, SlackStrings> = {
  en: { surveyInDm: 'I have sent you the survey in a direct message.' },
  'zh-CN': { surveyInDm: '我已通过私信把问卷发给您。' },
  'zh-TW': { surveyInDm: '我已透過私訊把問卷傳給您。' },
};

export function slackStrings(slackLocale: string | null, fallback: Locale): SlackStrings {
  return STRINGS[resolveLocale(slackLocale) ?? fallback];
}

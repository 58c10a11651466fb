/**
 * dialogs/ — the survey conversation and nothing else: no I/O, no clock, no channel.
 * Everything here is pure and may be used by src/ and adapters/; it depends on neither.
 */
export { CATALOGS, MESSAGE_KEYS, type MessageKey, translate } from './catalog/index.js';
export { categorise } from './categories.js';
export { readCommand, readYesNo } from './commands.js';
export { isLocale, LOCALES, type Locale, resolveLocale } from './locale.js';
export { detractorAreaLabels } from './messages.js';
export {
  isTimeZone,
  minutesOf,
  parseEvery,
  type Schedule,
  type ScheduleAudience,
  scheduleSchema,
} from './schedule.js';
export { explainScore, parseScore, type ScoreReader, type ScoreReading, type ScoreRefusal } from './score-parser.js';
export { areaId, type Survey, type SurveyInput, surveySchema } from './survey.js';
export {
  cutToTextLimit,
  isOverTextLimit,
  MAX_TEXT_LENGTH,
  type TextInput,
  textInput,
  withinTextLimit,
} from './text-limit.js';
export { dueAction } from './timing.js';
export { MAX_FAILED_TRIES, newConversation, startSurvey, startSurveyFrom, transition } from './transition.js';
export type * from './types.js';
export {
  contrastRatio,
  DEFAULT_BUBBLE_COLOUR,
  TEXT_CONTRAST,
  textColourOn,
  UI_CONTRAST,
  type WebchatTheme,
  webchatThemeSchema,
} from './webchat-theme.js';

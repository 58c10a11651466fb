/**
 * The survey definition: what the operator writes in the survey file (see docs/survey-file.md),
 * as a zod schema with the TypeScript type derived from it. Unknown fields are errors,
 * so a typo in the file stops start-up instead of being silently ignored.
 */
import { z } from 'zod';
import { MESSAGE_KEYS } from './catalog/index.js';
import { LOCALES } from './locale.js';
import { schedulesSchema } from './schedule.js';
import { checkChannelLimits } from './survey-limits.js';
import { DEFAULT_BUBBLE_COLOUR, webchatThemeSchema } from './webchat-theme.js';

const localeEnum = z.enum(LOCALES);

const localisedText = z.strictObject({
  en: z.string().min(1).optional(),
  'zh-CN': z.string().min(1).optional(),
  'zh-TW': z.string().min(1).optional(),
});

const textOverrides = z.strictObject(
  Object.fromEntries(MESSAGE_KEYS.map((key) => [key, z.string().min(1).optional()])),
);

const detractorArea = z.union([
  z.string().regex(/^[a-z0-9_-]+$/, 'an area id is lower-case letters, digits, "-" or "_"'),
  z.strictObject({ id: z.string().regex(/^[a-z0-9_-]+$/), label: localisedText }),
]);

/** A link shown to customers: only http(s), so a survey file cannot smuggle in `javascript:`. */
const webLink = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// address' });

const band = z.tuple([z.int().min(0).max(10), z.int().min(0).max(10)]);

const scoreBands = z.strictObject({ detractor: band, passive: band, promoter: band }).superRefine((bands, ctx) => {
  const { detractor, passive, promoter } = bands;
  const contiguous =
    detractor[0] === 0 &&
    promoter[1] === 10 &&
    [detractor, passive, promoter].every(([low, high]) => low <= high) &&
    passive[0] === detractor[1] + 1 &&
    promoter[0] === passive[1] + 1;
  if (!contiguous) {
    ctx.addIssue({
      code: 'custom',
      message: 'the detractor, passive and promoter bands must cover 0 to 10 in order, without gaps or overlaps',
    });
  }
});

export const DEFAULT_SCORE_BANDS = { detractor: [0, 6], passive: [7, 8], promoter: [9, 10] } as const;

export const surveySchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'a survey id is letters, digits, ".", "-" or "_"'),
    brand: z.string().min(1),
    defaultLocale: localeEnum.default('en'),
    texts: z.strictObject({ en: textOverrides, 'zh-CN': textOverrides, 'zh-TW': textOverrides }).partial().default({}),
    scoreBands: scoreBands.default({ detractor: [0, 6], passive: [7, 8], promoter: [9, 10] }),
    detractorAreas: z.array(detractorArea).min(1).default(['product', 'service', 'price', 'reliability', 'other']),
    reward: z
      .strictObject({
        /** The codes themselves, or (in the file) a path to a text file with one code per line. */
        codes: z.union([z.array(z.string().min(1)), z.string().min(1)]).optional(),
        reviewUrl: webLink.optional(),
        referralUrl: webLink.optional(),
        /** Who is shown the review link: some review sites forbid asking only happy customers. */
        reviewAudience: z.enum(['promoters', 'everyone']).default('promoters'),
      })
      .default({ reviewAudience: 'promoters' }),
    escalation: z
      .strictObject({
        slackChannel: z.string().min(1).optional(),
        promiseHours: z.number().positive().default(24),
        /** Responses at or below this score get a follow-up too (docs/survey-file.md); detractors always may. */
        openAtOrBelow: z.int().min(0).max(10).optional(),
        /** Open those follow-ups without asking (no promise is made); otherwise they are offered contact. */
        withoutConsent: z.boolean().default(false),
      })
      .default({ promiseHours: 24, withoutConsent: false }),
    throttleDays: z.number().min(0).default(90),
    reminderHours: z.number().positive().default(24),
    expiryHours: z.number().positive().default(72),
    /** Property keys whose values get their own report rollups, e.g. "plan" or "region". */
    segments: z.array(z.string().min(1)).default([]),
    /** People allowed to see reports from inside a channel, per channel. */
    admins: z
      .strictObject({ slack: z.array(z.string()).default([]), teams: z.array(z.string()).default([]) })
      .partial()
      .default({}),
    /** Recurring relationship surveys (docs/schedules.md). */
    schedules: schedulesSchema,
    /** How the website bubble looks (docs/survey-file.md). */
    webchat: webchatThemeSchema.default({
      color: DEFAULT_BUBBLE_COLOUR,
      position: 'bottom-right',
      title: {},
      scale: 'neutral',
    }),
  })
  .superRefine((survey, ctx) => {
    if (survey.escalation.withoutConsent && survey.escalation.openAtOrBelow === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['escalation', 'withoutConsent'],
        message: 'needs escalation.openAtOrBelow: the score at or below which follow-ups open',
      });
    }
    checkChannelLimits(survey, ctx);
    // A reminder due after the conversation has expired would never be sent.
    if (survey.reminderHours >= survey.expiryHours) {
      ctx.addIssue({
        code: 'custom',
        path: ['reminderHours'],
        message: `must be less than expiryHours (${survey.expiryHours})`,
      });
    }
  });

export type SurveyInput = z.input<typeof surveySchema>;
/** A survey as the dialog uses it: validated, defaults filled, reward codes already read from their file. */
export type Survey = Omit<z.output<typeof surveySchema>, 'reward'> & {
  reward: Omit<z.output<typeof surveySchema>['reward'], 'codes'> & { codes: readonly string[] };
};
export type DetractorArea = z.output<typeof detractorArea>;

export function areaId(area: DetractorArea): string {
  return typeof area === 'string' ? area : area.id;
}

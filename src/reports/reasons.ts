/**
 * Why people scored as they did: the themes of the free-text reasons and the detractor
 * areas, counted per category from the day counters, with a few recent quotes per theme read
 * from the newest responses (a bounded number, so the report stays fast on any log size).
 */
import { z } from 'zod';
import type { SurveyResponse } from '../engine/types.js';
import type { ConversationStore, LogPosition } from '../store/types.js';
import { CATEGORIES, type CategoryCounts, counterScopeOf, tallyDays } from './counters.js';
import type { ReportFilter } from './filters.js';
import { type ReportedSurvey, summaryOfTally } from './summary.js';
import { type ReasonTheme, reasonThemes } from './themes.js';

/** How many of the newest responses are read for quotes, and how many quotes each theme keeps per category. */
export const QUOTE_SCAN = 500;
export const QUOTES_PER_CATEGORY = 3;
const QUOTE_LENGTH = 280;

const categorySchema = z.enum(['detractor', 'passive', 'promoter']);
const categoryCountsSchema = z.object({
  detractor: z.number().int(),
  passive: z.number().int(),
  promoter: z.number().int(),
});

export const quoteSchema = z.object({
  text: z.string(),
  category: categorySchema,
  score: z.number().int(),
  answeredAt: z.string().nullable(),
});
export type Quote = z.infer<typeof quoteSchema>;

export const reasonsReportSchema = z
  .object({
    /** Answers per category in the filter: what the counts below are out of. */
    responses: categoryCountsSchema,
    /** Most mentioned first. A reason can name several themes; one that names none counts as "other". */
    themes: z.array(
      z.object({
        theme: z.string(),
        total: z.number().int(),
        counts: categoryCountsSchema,
        quotes: z.array(quoteSchema),
      }),
    ),
    areas: z.array(z.object({ area: z.string(), total: z.number().int(), counts: categoryCountsSchema })),
  })
  .meta({ id: 'Reasons' });
export type ReasonsReport = z.infer<typeof reasonsReportSchema>;

const total = (counts: CategoryCounts) => CATEGORIES.reduce((sum, category) => sum + counts[category], 0);

function ranked(counts: Map<string, CategoryCounts>): { name: string; total: number; counts: CategoryCounts }[] {
  return [...counts]
    .map(([name, byCategory]) => {
      const clamped = { detractor: 0, passive: 0, promoter: 0 };
      for (const category of CATEGORIES) clamped[category] = Math.max(0, byCategory[category]);
      return { name, total: total(clamped), counts: clamped };
    })
    .filter((entry) => entry.total > 0)
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
}

function matchesScope(response: SurveyResponse, filter: ReportFilter): boolean {
  if (filter.channel !== null && response.channel !== filter.channel) return false;
  if (filter.wave !== null && response.properties.wave !== filter.wave) return false;
  return filter.touchpoint === null || (response.touchpoint ?? '') === filter.touchpoint;
}

/** Quotes per theme, newest first, from at most `QUOTE_SCAN` of the newest responses in the range. */
async function recentQuotes(store: ConversationStore, surveyId: string, filter: ReportFilter) {
  const quotes = new Map<ReasonTheme, Quote[]>();
  let after: LogPosition | null = null;
  for (let read = 0; read < QUOTE_SCAN; ) {
    const page = await store.listResponses(surveyId, {
      from: filter.from,
      to: filter.to,
      after,
      limit: Math.min(250, QUOTE_SCAN - read),
      order: 'desc',
    });
    read += page.responses.length;
    for (const response of page.responses) {
      if (response.reason === null || !matchesScope(response, filter)) continue;
      for (const theme of reasonThemes(response.reason)) {
        const list = quotes.get(theme) ?? [];
        if (list.filter((quote) => quote.category === response.category).length >= QUOTES_PER_CATEGORY) continue;
        const text =
          response.reason.length > QUOTE_LENGTH ? `${response.reason.slice(0, QUOTE_LENGTH - 1)}…` : response.reason;
        list.push({ text, category: response.category, score: response.score, answeredAt: response.answeredAt });
        quotes.set(theme, list);
      }
    }
    if (!page.next) break;
    after = page.next;
  }
  return quotes;
}

export async function buildReasons(
  store: ConversationStore,
  survey: ReportedSurvey,
  filter: ReportFilter,
): Promise<ReasonsReport> {
  const scope = counterScopeOf(filter, survey);
  const rollups = await store.readRollups(survey.id, filter.days);
  const tally = tallyDays(rollups, filter.days, scope);
  const summary = summaryOfTally(tally, survey);
  const quotes = await recentQuotes(store, survey.id, filter);
  return {
    responses: { detractor: summary.detractors, passive: summary.passives, promoter: summary.promoters },
    themes: ranked(tally.themes).map(({ name, total: count, counts }) => ({
      theme: name,
      total: count,
      counts,
      quotes: quotes.get(name as ReasonTheme) ?? [],
    })),
    areas: ranked(tally.areas).map(({ name, total: count, counts }) => ({ area: name, total: count, counts })),
  };
}

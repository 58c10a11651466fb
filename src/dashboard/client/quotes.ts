/**
 * The quotes the dashboard lists under the reasons: the reasons report gives up to a few
 * quotes per theme, and one reason can name several themes, so the same words come back under
 * each. Here every quote is listed once, tagged with all its themes, in the order of the themes
 * (most mentioned first); a theme led by detractors shows its detractors' words first, any
 * other theme those of the category that mentions it most. The same words from two people are
 * listed once too (the first, which is the newest of the leading category): a list of quotes is
 * read for what people say, and the counts are in the chart. No DOM: tested on its own.
 */
import type { Category } from '../../../dialogs/index.js';
import type { Quote, ReasonsReport } from '../../reports/reasons.js';

export interface TaggedQuote extends Quote {
  themes: string[];
}

type Theme = ReasonsReport['themes'][number];

/** Detractors first on a tie: what went wrong is what the dashboard is for. */
function leadingCategory(theme: Theme): Category {
  const { detractor, passive, promoter } = theme.counts;
  if (detractor >= passive && detractor >= promoter) return 'detractor';
  return promoter >= passive ? 'promoter' : 'passive';
}

const ORDER: Record<Category, readonly Category[]> = {
  detractor: ['detractor', 'passive', 'promoter'],
  passive: ['passive', 'detractor', 'promoter'],
  promoter: ['promoter', 'passive', 'detractor'],
};

const keyOf = (quote: Quote) => quote.text.trim().toLowerCase();

export function tagQuotes(themes: readonly Theme[]): TaggedQuote[] {
  const byKey = new Map<string, TaggedQuote>();
  for (const theme of themes) {
    const order = ORDER[leadingCategory(theme)];
    // A stable sort keeps the report's newest-first order within a category.
    const sorted = [...theme.quotes].sort((a, b) => order.indexOf(a.category) - order.indexOf(b.category));
    for (const quote of sorted) {
      const key = keyOf(quote);
      const seen = byKey.get(key);
      if (seen) {
        if (!seen.themes.includes(theme.theme)) seen.themes.push(theme.theme);
      } else {
        byKey.set(key, { ...quote, themes: [theme.theme] });
      }
    }
  }
  return [...byKey.values()];
}

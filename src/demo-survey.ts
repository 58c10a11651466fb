/** The built-in survey used when NPSBOT_SURVEY is unset: it shows every branch of the conversation. */
import type { SurveyInput } from '../dialogs/index.js';

export const DEMO_SURVEY: SurveyInput = {
  id: 'demo',
  brand: 'Acme',
  defaultLocale: 'en',
  detractorAreas: ['product', 'service', 'price', 'reliability', 'other'],
  reward: {
    codes: Array.from({ length: 500 }, (_, i) => `ACME-THANKS-${String(i + 1).padStart(4, '0')}`),
    reviewUrl: 'https://reviews.example.com/acme',
    referralUrl: 'https://acme.example.com/refer',
    reviewAudience: 'promoters',
  },
  escalation: { promiseHours: 24 },
  throttleDays: 90,
  reminderHours: 24,
  expiryHours: 72,
  segments: ['plan'],
  // The demo page's touchpoint, the usual moments of a survey, and the plans have report
  // counters of their own (docs/survey-file.md); any other touchpoint counts as "other".
  touchpoints: ['after-purchase', 'after-support', 'quarterly', 'relationship'],
  segmentValues: { plan: ['free', 'pro', 'enterprise'] },
};

/**
 * Which touchpoints and segment values get report counters of their own (docs/survey-file.md,
 * "Report counters"). Counters are per survey and day, and anyone who can open the web chat
 * names a touchpoint and properties; so only values the survey file lists are counted apart,
 * and every other value is counted under `other`, which keeps a day's counters bounded.
 */
import { z } from 'zod';

/** The bucket every value the survey file does not list is counted under; it cannot be listed itself. */
export const OTHER_VALUE = 'other';
/** Touchpoints with counters of their own; each adds a few dozen counters a day. */
export const MAX_COUNTED_TOUCHPOINTS = 100;
/** Values with counters of their own, per segment key. */
export const MAX_COUNTED_SEGMENT_VALUES = 100;

const countedValue = z.string().min(1).max(500);

export const countedTouchpoints = z.array(countedValue.max(100)).max(MAX_COUNTED_TOUCHPOINTS).default([]);
export const countedSegmentValues = z
  .record(z.string().min(1), z.array(countedValue).max(MAX_COUNTED_SEGMENT_VALUES))
  .default({});

interface CountedLists {
  touchpoints: readonly string[];
  segments: readonly string[];
  segmentValues: Readonly<Record<string, readonly string[]>>;
}

export function checkCountedValues(survey: CountedLists, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const checkList = (path: (string | number)[], values: readonly string[]) => {
    const seen = new Set<string>();
    values.forEach((value, index) => {
      if (value === OTHER_VALUE) {
        issue([...path, index], `"${OTHER_VALUE}" is where every value not listed is counted; it cannot be listed`);
      } else if (seen.has(value)) issue([...path, index], `"${value}" is listed twice`);
      seen.add(value);
    });
  };
  checkList(['touchpoints'], survey.touchpoints);
  for (const [key, values] of Object.entries(survey.segmentValues)) {
    if (!survey.segments.includes(key)) {
      issue(['segmentValues', key], `"${key}" is not one of segments (${survey.segments.join(', ') || 'none'})`);
    }
    checkList(['segmentValues', key], values);
  }
}

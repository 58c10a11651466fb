/**
 * Which trend periods the chart shows: from the first period with answers to the end of the
 * range. The default range is 90 days, and a survey that started last week would otherwise
 * draw a dozen empty weeks and one dot. Empty periods after the first answer stay, as gaps.
 */
import type { TrendPoint } from '../../reports/trend.js';

export function fromFirstAnswer<T extends Pick<TrendPoint, 'total'>>(points: readonly T[]): T[] {
  const first = points.findIndex((point) => point.total > 0);
  return first < 0 ? [] : points.slice(first);
}

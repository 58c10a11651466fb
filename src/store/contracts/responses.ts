/**
 * Responses and rollups: the response log every report pages through, and the day-bucketed
 * counters the summary and trend add up. Both are written by `commit`; this side reads.
 */
import type { Person, SurveyResponse } from '../../engine/types.js';

/** One change to a report counter: `field` in the day bucket `day` (YYYY-MM-DD) of a survey. */
export interface RollupDelta {
  surveyId: string;
  day: string;
  field: string;
  by: number;
}

/** A place in the response log: a response's start time (epoch ms) and its id, which breaks ties. */
export interface LogPosition {
  at: number;
  id: string;
}

export interface ResponseLogQuery {
  /** Start times from and to (epoch ms, both inclusive). */
  from: number;
  to: number;
  /** Continue after this position (exclusive), in the same order. */
  after?: LogPosition | null;
  limit: number;
  /** 'desc' = newest first. */
  order: 'asc' | 'desc';
}

export interface ResponsePage {
  responses: SurveyResponse[];
  /** Where the next page starts; null when the log has nothing more in the range. */
  next: LogPosition | null;
  /**
   * Places in this page the log names but whose response could not be read (evicted, deleted
   * outside npsbot, or of another shape), in the page's order: listings report them, never drop
   * them silently (docs/operations.md).
   */
  missing: LogPosition[];
}

export interface ResponseLog {
  getResponse(id: string, person: Person): Promise<SurveyResponse | null>;
  /** Adds up report counters of one survey over days; fields are summed across shards. */
  readRollups(surveyId: string, days: readonly string[]): Promise<Map<string, Map<string, number>>>;
  /** A page of the response log of one survey, ordered by start time then id, across every shard. */
  listResponses(surveyId: string, query: ResponseLogQuery): Promise<ResponsePage>;
}

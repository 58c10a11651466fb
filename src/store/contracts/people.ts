/** People: the record kept per person (opt-out, throttling), a channel's way back to them, erasure. */
import type { Person, PersonRecord } from '../../engine/types.js';

/** What an erasure removed, for the operator's audit log. */
export interface ErasureReport {
  conversations: number;
  responses: number;
  events: number;
}

export interface PeopleRegistry {
  /** Reads a person's record without a conversation, e.g. before a proactive send. */
  person(person: Person): Promise<PersonRecord>;
  /** A channel's way back to a person, for proactive messages (a Teams conversation reference). */
  putReference(person: Person, reference: unknown): Promise<void>;
  getReference(person: Person): Promise<unknown | null>;
  /**
   * Erases everything held about a person, and takes back from the report counters exactly
   * what their responses added. `segments` is kept for callers; the counters to subtract are
   * the ones stored with each response.
   */
  erase(person: Person, segments: readonly string[]): Promise<ErasureReport>;
}

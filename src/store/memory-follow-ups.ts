/**
 * Follow-ups in the embedded store: the same shapes as Redis (record + version, thread list,
 * overdue watch), every value through JSON. Listing sorts in memory, which is fine for the
 * embedded store's sizes; the Redis store keeps sorted sets instead.
 */
import type { Person } from '../engine/types.js';
import {
  type FollowUpStatus,
  type StoredFollowUp,
  storedFollowUpSchema,
  threadEntrySchema,
} from '../followups/types.js';
import {
  compareCursors,
  dueCursor,
  type FollowUpCursor,
  type FollowUpPage,
  type FollowUpPost,
  type FollowUpQuery,
  type FollowUps,
  type FollowUpTurnWrite,
  type FollowUpUpdate,
  type LoadedFollowUp,
  openedCursor,
} from './follow-ups.js';
import { parseStored } from './schemas.js';
import type { OutgoingEvent, RollupDelta } from './types.js';

interface Kept {
  version: number;
  json: string;
  thread: string[];
}

export class MemoryFollowUps implements FollowUps {
  private readonly records = new Map<string, Kept>();
  /** Follow-up id → when it is due (or its lease ends), while it waits for a first reply. */
  private readonly watch = new Map<string, number>();
  private readonly posts = new Map<string, FollowUpPost>();
  /** `channel ts` of a post → its follow-up id. */
  private readonly postOwners = new Map<string, string>();

  /** The memory store has held everything since it began: every follow-up in it was counted. */
  private readonly countersSince = 0;

  constructor(
    private readonly addEvents: (events: readonly OutgoingEvent[], now: number) => void,
    /** Applies counter changes and keeps them in the response's counted ledger (the memory store's). */
    private readonly count: (rollups: readonly RollupDelta[], responseId: string) => void,
  ) {}

  /** The follow-up part of a turn, applied by the memory store's commit. */
  applyTurn(write: FollowUpTurnWrite): void {
    if (write.kind === 'open') {
      this.records.set(write.followUp.id, { version: 1, json: JSON.stringify(write.followUp), thread: [] });
      this.watch.set(write.followUp.id, Date.parse(write.followUp.dueAt));
    }
    const id = write.kind === 'open' ? write.followUp.id : write.id;
    this.records.get(id)?.thread.push(...write.entries.map((entry) => JSON.stringify(entry)));
  }

  async getFollowUp(id: string): Promise<LoadedFollowUp | null> {
    const kept = this.records.get(id);
    if (!kept) return null;
    return {
      followUp: storedFollowUpSchema.parse(JSON.parse(kept.json)),
      version: kept.version,
      thread: kept.thread.flatMap((json) => parseStored(threadEntrySchema, json) ?? []),
    };
  }

  async listFollowUps(query: FollowUpQuery): Promise<FollowUpPage> {
    const { until } = query;
    return this.page(
      (followUp) =>
        query.statuses.includes(followUp.status) && (until === undefined || Date.parse(followUp.dueAt) <= until),
      dueCursor,
      query.after,
      query.limit,
    );
  }

  async listFollowUpsOpened(
    from: number,
    to: number,
    after: FollowUpCursor | null,
    limit: number,
  ): Promise<FollowUpPage> {
    return this.page(
      (followUp) => Date.parse(followUp.openedAt) >= from && Date.parse(followUp.openedAt) <= to,
      openedCursor,
      after,
      limit,
    );
  }

  private page(
    wanted: (followUp: StoredFollowUp) => boolean,
    cursorOf: (followUp: StoredFollowUp) => FollowUpCursor,
    after: FollowUpCursor | null,
    limit: number,
  ): FollowUpPage {
    const sorted = [...this.records.values()]
      .map((kept) => storedFollowUpSchema.parse(JSON.parse(kept.json)))
      .filter(wanted)
      .filter((followUp) => !after || compareCursors(cursorOf(followUp), after) > 0)
      .sort((a, b) => compareCursors(cursorOf(a), cursorOf(b)));
    const page = sorted.slice(0, limit);
    const last = page[page.length - 1];
    return { followUps: page, next: sorted.length > limit && last ? cursorOf(last) : null };
  }

  async updateFollowUp(update: FollowUpUpdate): Promise<'ok' | 'conflict'> {
    const kept = this.records.get(update.followUp.id);
    if (!kept || kept.version !== update.expectedVersion) return 'conflict';
    kept.version += 1;
    kept.json = JSON.stringify(update.followUp);
    kept.thread.push(...update.entries.map((entry) => JSON.stringify(entry)));
    if (update.watch === 'add') this.watch.set(update.followUp.id, Date.parse(update.followUp.dueAt));
    if (update.watch === 'remove') this.watch.delete(update.followUp.id);
    this.addEvents(update.events, update.now);
    this.count(update.rollups, update.followUp.responseId);
    return 'ok';
  }

  async claimOverdueFollowUps(now: number, leaseUntil: number, limit: number): Promise<string[]> {
    const due = [...this.watch].filter(([, at]) => at <= now).slice(0, limit);
    for (const [id] of due) this.watch.set(id, leaseUntil);
    return due.map(([id]) => id);
  }

  async followUpCountersSince(_now: number): Promise<number> {
    return this.countersSince;
  }

  async countFollowUps(now: number): Promise<Record<FollowUpStatus | 'waitingPastDue', number>> {
    const counts = { open: 0, claimed: 0, resolved: 0, waitingPastDue: 0 };
    for (const kept of this.records.values()) {
      const followUp = parseStored(storedFollowUpSchema, kept.json);
      if (followUp) counts[followUp.status] += 1;
    }
    for (const at of this.watch.values()) if (at <= now) counts.waitingPastDue += 1;
    return counts;
  }

  async linkFollowUpPost(id: string, post: FollowUpPost): Promise<FollowUpPost> {
    const linked = this.posts.get(id);
    if (linked) return { ...linked };
    this.posts.set(id, { ...post });
    this.postOwners.set(`${post.channel} ${post.ts}`, id);
    return { ...post };
  }

  async followUpPost(id: string): Promise<FollowUpPost | null> {
    const post = this.posts.get(id);
    return post ? { ...post } : null;
  }

  async followUpOfPost(post: FollowUpPost): Promise<string | null> {
    return this.postOwners.get(`${post.channel} ${post.ts}`) ?? null;
  }

  /** Removes a person's follow-ups; returns how many. */
  erase(person: Person): number {
    let erased = 0;
    for (const [id, kept] of this.records) {
      const followUp = parseStored(storedFollowUpSchema, kept.json);
      if (!followUp || followUp.channel !== person.channel || followUp.user !== person.user) continue;
      this.records.delete(id);
      this.watch.delete(id);
      const post = this.posts.get(id);
      if (post) this.postOwners.delete(`${post.channel} ${post.ts}`);
      this.posts.delete(id);
      erased += 1;
    }
    return erased;
  }
}

/**
 * The memory store's outbox and dead letters (src/store/contracts/outbox.ts), kept as JSON as
 * Redis keeps them: pending events by id with their next due time and when they were written,
 * and dead letters by id with when they died.
 */
import type { Person } from '../engine/types.js';
import { aboutPerson, newPending, retriedJson } from './pending.js';
import { deadLetterSchema, parseStored, pendingEventSchema } from './schemas.js';
import type {
  DeadLetter,
  DeadLetterPage,
  DeadLetterPosition,
  OutgoingEvent,
  PendingEvent,
  Settlement,
} from './types.js';

interface Entry {
  json: string;
  due: number;
  /** When the event was written: the outbox's age is measured from here. */
  raised: number;
}

export class MemoryOutbox {
  private readonly pending = new Map<string, Entry>();
  private readonly dead = new Map<string, string>();

  get size(): number {
    return this.pending.size + this.dead.size;
  }

  /** Writes an event as pending JSON (as a turn's payload carries it), due at `now`. */
  add(id: string, json: string, now: number): void {
    this.pending.set(id, { json, due: now, raised: now });
  }

  events(): OutgoingEvent[] {
    return [...this.pending.values()].flatMap(({ json }) => parseStored(pendingEventSchema, json)?.event ?? []);
  }

  claim(now: number, leaseUntil: number, limit: number): PendingEvent[] {
    const due = [...this.pending.entries()]
      .filter(([, entry]) => entry.due <= now)
      .sort(([a, x], [b, y]) => earliestFirst(x.due, a, y.due, b))
      .slice(0, limit);
    return due.flatMap(([id, entry]) => {
      this.pending.set(id, { ...entry, due: leaseUntil });
      const pending = parseStored(pendingEventSchema, entry.json);
      return pending ? [{ ...pending, shard: 0 }] : [];
    });
  }

  settle(pending: PendingEvent, settlement: Settlement): void {
    const id = pending.event.id;
    const entry = this.pending.get(id);
    // Erased while it was being delivered: it stays erased.
    if (!entry) return;
    if (settlement.delivered) {
      this.pending.delete(id);
    } else if ('deadLetter' in settlement) {
      this.pending.delete(id);
      const letter: DeadLetter = { event: pending.event, ...settlement.deadLetter };
      this.dead.set(id, JSON.stringify(letter));
    } else {
      this.pending.set(id, { ...entry, json: retriedJson(pending.event, settlement), due: settlement.retryAt });
    }
  }

  backlog(): number {
    return this.pending.size;
  }

  oldestPendingAt(): number | null {
    let oldest: number | null = null;
    for (const { raised } of this.pending.values()) if (oldest === null || raised < oldest) oldest = raised;
    return oldest;
  }

  listDead(after: DeadLetterPosition | null, limit: number): DeadLetterPage {
    const letters = [...this.dead.values()]
      .flatMap((json) => parseStored(deadLetterSchema, json) ?? [])
      .filter((letter) => !after || earliestFirst(letter.deadAt, letter.event.id, after.at, after.id) > 0)
      .sort((x, y) => earliestFirst(x.deadAt, x.event.id, y.deadAt, y.event.id));
    const page = letters.slice(0, limit);
    const last = page[page.length - 1];
    return { deadLetters: page, next: letters.length > limit && last ? { at: last.deadAt, id: last.event.id } : null };
  }

  deadCount(): number {
    return this.dead.size;
  }

  retryDead(id: string, now: number): boolean {
    const json = this.dead.get(id);
    const letter = json === undefined ? null : parseStored(deadLetterSchema, json);
    if (!letter) return false;
    this.dead.delete(id);
    this.add(id, JSON.stringify({ ...newPending(letter.event), done: letter.done }), now);
    return true;
  }

  /** Removes every pending event and dead letter about the person; returns how many. */
  erase(person: Person): number {
    let erased = 0;
    for (const [id, entry] of this.pending) {
      const pending = parseStored(pendingEventSchema, entry.json);
      if (!pending || !aboutPerson(pending, person)) continue;
      this.pending.delete(id);
      erased += 1;
    }
    for (const [id, json] of this.dead) {
      const letter = parseStored(deadLetterSchema, json);
      if (!letter || !aboutPerson(letter, person)) continue;
      this.dead.delete(id);
      erased += 1;
    }
    return erased;
  }
}

/** The order of a Redis sorted set: by score, then by member. */
export function earliestFirst(dueA: number, a: string, dueB: number, b: string): number {
  return dueA - dueB || (a < b ? -1 : a > b ? 1 : 0);
}

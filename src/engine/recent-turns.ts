/**
 * What this process last wrote for each anonymous web chat conversation, so the next answer of
 * a survey in progress can be planned without reading the store again (docs/performance.md,
 * "Remembered turns").
 *
 * Safe because the write still goes through the compare-and-set: when anything else changed
 * the conversation meanwhile (another process, an agent's reply, an erasure, an expiry), its
 * version no longer matches, the write is refused, and the retry reads the store. Only
 * anonymous sessions qualify: nobody else can be their person, so the person record kept here
 * cannot be changed by another conversation, which the conversation's version would not show.
 * Bounded in number and age: a conversation beyond either is simply read again.
 */
import type { ConversationKey, Loaded } from '../store/types.js';
import { isAnonymousSession } from './types.js';

/** Enough for the surveys one process has in progress at a time; each entry is about 1 KB. */
export const RECENT_TURNS_LIMIT = 1_000;
export const RECENT_TURN_MAX_AGE_MS = 5 * 60_000;

interface Remembered {
  loaded: Loaded;
  at: number;
}

export class RecentTurns {
  // A Map keeps insertion order: the first entry is the oldest write, the one to drop.
  private readonly entries = new Map<string, Remembered>();

  constructor(
    private readonly clock: () => number,
    private readonly limit = RECENT_TURNS_LIMIT,
  ) {}

  /** The conversation as this process last wrote it, if it may stand in for a read. */
  recall(key: ConversationKey): Loaded | undefined {
    if (!isAnonymousSession(key)) return undefined;
    const id = idOf(key);
    const remembered = this.entries.get(id);
    if (!remembered) return undefined;
    if (this.clock() - remembered.at > RECENT_TURN_MAX_AGE_MS) {
      this.entries.delete(id);
      return undefined;
    }
    return remembered.loaded;
  }

  /** After a write the store accepted: what a read would now return. */
  remember(key: ConversationKey, loaded: Loaded): void {
    if (!isAnonymousSession(key)) return;
    const id = idOf(key);
    this.entries.delete(id);
    this.entries.set(id, { loaded, at: this.clock() });
    if (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** When what is stored is no longer known: a refused or failed write. */
  forget(key: ConversationKey): void {
    if (isAnonymousSession(key)) this.entries.delete(idOf(key));
  }

  get size(): number {
    return this.entries.size;
  }
}

function idOf(key: ConversationKey): string {
  return `${key.user}\n${key.conversation}`;
}

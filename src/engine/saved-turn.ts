/**
 * Was a turn's write saved although the store call failed? A command timeout rejects the call
 * while Redis, once it wakes, still runs the command: answering "try again" then would follow
 * a saved turn. Read back, the conversation tells: it remembers the inbound message id of each
 * recent turn (planner.ts), and a turn without one left exactly its own record at the next version.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Loaded, TurnWrite } from '../store/types.js';
import type { Inbound } from './types.js';

export function holdsTurn(loaded: Loaded, write: TurnWrite, inbound: Inbound): boolean {
  const record = loaded.record;
  if (!record) return false;
  if (inbound.messageId) return record.recent.some((recent) => recent.messageId === inbound.messageId);
  // The stored copy went through JSON; so does the comparison.
  return (
    loaded.version === write.expectedVersion + 1 &&
    isDeepStrictEqual(record, JSON.parse(JSON.stringify(write.record)) as unknown)
  );
}

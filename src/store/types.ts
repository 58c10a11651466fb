/**
 * The storage contract the engine needs, with two back-ends: memory (the default) and Redis
 * (single server or Cluster). It is made of small interfaces, one per job, each in
 * `contracts/` with its own suite in test/store/; `ConversationStore` is all of them at once,
 * which is what a back-end implements and what the app is wired with.
 */
import type { ConversationLog } from './contracts/conversations.js';
import type { StoreDurability } from './contracts/durability.js';
import type { Outbox } from './contracts/outbox.js';
import type { PeopleRegistry } from './contracts/people.js';
import type { PostedMessages } from './contracts/posted.js';
import type { ReminderSchedule } from './contracts/reminders.js';
import type { ResponseLog } from './contracts/responses.js';
import type { RewardPool } from './contracts/rewards.js';
import type { FollowUps } from './follow-ups.js';
import type { ScheduleStore } from './schedule-store.js';

export type {
  CommitResult,
  ConversationKey,
  ConversationLog,
  Loaded,
  TurnWrite,
} from './contracts/conversations.js';
export type { ServerDurability, StoreDurability, StoreIdentity } from './contracts/durability.js';
export type { Outbox, OutgoingEvent, PendingEvent, Settlement } from './contracts/outbox.js';
export type { ErasureReport, PeopleRegistry } from './contracts/people.js';
export type { PostedMessages } from './contracts/posted.js';
export type { ReminderSchedule } from './contracts/reminders.js';
export type { LogPosition, ResponseLog, ResponseLogQuery, ResponsePage, RollupDelta } from './contracts/responses.js';
export type { RewardClaim, RewardPool } from './contracts/rewards.js';

export interface ConversationStore
  extends ConversationLog,
    ResponseLog,
    Outbox,
    ReminderSchedule,
    PeopleRegistry,
    PostedMessages,
    RewardPool,
    StoreDurability,
    // The scheduler's part and follow-ups, each kept in its own file (schedule-store.ts, follow-ups.ts).
    ScheduleStore,
    FollowUps {
  /** Which back-end this is, for the start-up log line. */
  readonly description: string;
  close(): Promise<void>;
}

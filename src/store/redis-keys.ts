/**
 * Where everything lives in Redis. Every key of one person — conversation, response,
 * person record, channel reference — and the report counters and event log it writes to
 * carry the same shard hash tag `{p:sN}`, so one turn's write is a single-slot Lua call
 * that Redis Cluster accepts. Reports add the counters of all shards.
 *
 *   {p:sN}:conv:<channel>:<conversation>   hash  v (version), d (conversation JSON), p:<message id> (where a question was posted); expires
 *   {p:sN}:transcript:<channel>:<conv>     list  transcript entries (JSON), expires with the conversation
 *   {p:sN}:person:<channel>:<user>         string PersonRecord JSON
 *   {p:sN}:ref:<channel>:<user>            string channel reference JSON (Teams)
 *   {p:sN}:resp:<responseId>               string SurveyResponse JSON
 *   {p:sN}:counted:<responseId>            hash  counter [survey, day, field] (JSON) → what this response's conversation added
 *   {p:sN}:responses:<surveyId>            zset  responseId scored by start time (the ordered log)
 *   {p:sN}:rollup:<surveyId>:<YYYY-MM-DD>  hash  counter field → count (the follow-ups opened that day too: fu|…)
 *   {p:sN}:outbox / :outbox:due            hash event id → pending event JSON / zset id by next attempt
 *   {p:sN}:outbox:raised                   zset  event id by the time it was written (once first claimed)
 *   {p:sN}:outbox:dead / :outbox:dead:at   hash event id → dead letter JSON / zset id by when it died
 *   {p:sN}:reminders                       zset  conversation key JSON by reminder time
 *   {p:sN}:index:<channel>:<user>          set   the person's conversations (c:…) and responses (r:…), for erasure
 *   {p:rewards:<surveyId>}:pool|known|claimed   list / set / hash of reward codes
 *   {p:sN}:fu:<id> / :fu:<id>:thread      hash v, d (follow-up JSON) / list of thread entries (JSON)
 *   {p:sN}:fu:list:<status>                zset  follow-up id by due time, one per status (the queue)
 *   {p:sN}:fu:opened / :fu:watch           zset  id by opening time (the summary) / by due time while unanswered
 *   {p:sN}:fu:<id>:post                    string the follow-up's chat post {channel, ts} (its Slack thread)
 *   post:<channel>:<ts>                    string the follow-up id whose thread that post is
 *   fu:counted-since                       string epoch ms: when follow-up counters began (the rollup hashes' fu|… fields)
 *   store-identity                         string { id, createdAt } written at the first start, no expiry
 *   {p:sN}:readyz                          string the /readyz write probe, expires after a minute
 */
import type { Person } from '../engine/types.js';

/** FNV-1a: small, stable across processes and versions, and spreads user ids evenly. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** One shard's outbox: pending events, their due times and write times, and the dead letters. */
export interface OutboxKeys {
  events: string;
  due: string;
  raised: string;
  dead: string;
  deadAt: string;
}

export class RedisKeys {
  constructor(
    /** Prepended to every key, so several deployments (or test files) can share one Redis. */
    readonly prefix: string,
    readonly shardCount: number,
  ) {}

  shardOf(person: Person): number {
    // One server has one shard: no need to hash the person for every key of every turn.
    if (this.shardCount === 1) return 0;
    return fnv1a(`${person.channel}:${person.user}`) % this.shardCount;
  }

  shardTag(shard: number): string {
    return `${this.prefix}{p:s${shard}}`;
  }

  private tagged(person: Person): string {
    return this.shardTag(this.shardOf(person));
  }

  conversation(person: Person, conversation: string): string {
    return `${this.tagged(person)}:conv:${person.channel}:${conversation}`;
  }

  transcript(person: Person, conversation: string): string {
    return `${this.tagged(person)}:transcript:${person.channel}:${conversation}`;
  }

  person(person: Person): string {
    return `${this.tagged(person)}:person:${person.channel}:${person.user}`;
  }

  reference(person: Person): string {
    return `${this.tagged(person)}:ref:${person.channel}:${person.user}`;
  }

  response(person: Person, responseId: string): string {
    return `${this.tagged(person)}:resp:${responseId}`;
  }

  /** The counter changes a response's conversation made, kept so an erasure takes back exactly those. */
  counted(person: Person, responseId: string): string {
    return `${this.tagged(person)}:counted:${responseId}`;
  }

  responseLog(shard: number, surveyId: string): string {
    return `${this.shardTag(shard)}:responses:${surveyId}`;
  }

  rollup(shard: number, surveyId: string, day: string): string {
    return `${this.shardTag(shard)}:rollup:${surveyId}:${day}`;
  }

  outbox(shard: number): OutboxKeys {
    const outbox = `${this.shardTag(shard)}:outbox`;
    return {
      events: outbox,
      due: `${outbox}:due`,
      raised: `${outbox}:raised`,
      dead: `${outbox}:dead`,
      deadAt: `${outbox}:dead:at`,
    };
  }

  reminders(shard: number): string {
    return `${this.shardTag(shard)}:reminders`;
  }

  personIndex(person: Person): string {
    return `${this.tagged(person)}:index:${person.channel}:${person.user}`;
  }

  rewards(surveyId: string): { pool: string; known: string; claimed: string } {
    const tag = `${this.prefix}{p:rewards:${surveyId}}`;
    return { pool: `${tag}:pool`, known: `${tag}:known`, claimed: `${tag}:claimed` };
  }

  /** The shard of a person with this hash (a follow-up id carries it). */
  shardOfHash(hash: number): number {
    return hash % this.shardCount;
  }

  /** A follow-up's keys carry its person's tag: the turn that opens it writes them in one script. */
  followUp(shard: number, id: string): { record: string; thread: string; post: string } {
    const base = `${this.shardTag(shard)}:fu:${id}`;
    return { record: base, thread: `${base}:thread`, post: `${base}:post` };
  }

  /** Found from a Slack event, which knows the post but not the person: a key of its own slot. */
  followUpOfPost(channel: string, ts: string): string {
    return `${this.prefix}post:${channel}:${ts}`;
  }

  followUpList(shard: number, status: string): string {
    return `${this.shardTag(shard)}:fu:list:${status}`;
  }

  followUpsOpened(shard: number): string {
    return `${this.shardTag(shard)}:fu:opened`;
  }

  followUpWatch(shard: number): string {
    return `${this.shardTag(shard)}:fu:watch`;
  }

  /** When follow-up counters began: a key of its own slot, read with every summary. */
  followUpCountersSince(): string {
    return `${this.prefix}fu:counted-since`;
  }

  /** The store's identity: its loss is how a running bot notices a wiped store (docs/operations.md). */
  storeIdentity(): string {
    return `${this.prefix}store-identity`;
  }

  /** What /readyz writes to prove the shard's server takes writes. */
  writeProbe(shard: number): string {
    return `${this.shardTag(shard)}:readyz`;
  }

  allShards(): number[] {
    return Array.from({ length: this.shardCount }, (_, shard) => shard);
  }
}

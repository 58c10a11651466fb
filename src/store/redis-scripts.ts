/**
 * The Lua scripts that make a turn's write and a reward claim atomic. Registered with
 * ioredis's `defineCommand`, which sends EVALSHA and falls back to EVAL once per server.
 * (WATCH/MULTI would hold per-connection state and is not usable across a Cluster client.)
 */
import { FOLLOW_UP_LUA } from './redis-follow-ups.js';
import { TURN_KEYS } from './turn-payload.js';

/**
 * KEYS: 1 conversation, 2 person   Returns { version, conversation JSON, person JSON } (false where absent).
 * One command instead of a pipeline of two: the same single round trip, less client-side work.
 */
export const LOAD_TURN = `
local conversation = redis.call('HMGET', KEYS[1], 'v', 'd')
return { conversation[1], conversation[2], redis.call('GET', KEYS[2]) }
`;

/** `key.conversation`, `key.person`, … for the script, in the order `TURN_KEYS` names them. */
const TURN_KEY_NAMES = TURN_KEYS.map((name, i) => `${name} = KEYS[${i + 1}]`).join(', ');

/**
 * KEYS: the keys named by `TURN_KEYS`, then one rollup hash per payload bucket, then the keys of
 *       the turn's follow-up part, if any (their indices are in that part).
 * ARGV: 1 the turn's payload (`TurnPayload` but its `record`, JSON; `followUp` is the follow-up
 *       part as JSON, see redis-follow-ups.ts), 2 the conversation record (JSON): apart, so the
 *       largest document of a turn is neither escaped into the payload nor decoded from it.
 * Returns the new version, or 0 when the stored version was not the expected one.
 */
export const COMMIT_TURN = `${FOLLOW_UP_LUA}
local key = { ${TURN_KEY_NAMES} }
local turn = cjson.decode(ARGV[1])
local current = tonumber(redis.call('HGET', key.conversation, 'v') or '0')
if current ~= turn.expectedVersion then return 0 end
local version = current + 1
-- -1 = kept for good (it names a response already); -2 = new; else expiring with the conversation.
local countedTtl = redis.call('PTTL', key.counted)
local indexTtl = turn.ephemeralPerson and redis.call('PTTL', key.personIndex) or -1
redis.call('HSET', key.conversation, 'v', version, 'd', ARGV[2])
redis.call('PEXPIRE', key.conversation, turn.ttlMs)
-- Every turn, not only a conversation's or a response's first: a key can be met again after an
-- erasure or by another person, and erasure goes by the index (SADD and ZADD are idempotent).
redis.call('SADD', key.personIndex, 'c:' .. turn.member)
if turn.response then
  redis.call('SET', key.response, turn.response.json)
  redis.call('ZADD', key.responseLog, turn.response.startedAt, turn.response.id)
  redis.call('SADD', key.personIndex, 'r:' .. turn.response.id)
end
if turn.person then redis.call('SET', key.person, turn.person) end
if turn.ephemeralPerson then
  -- Kept as long as the conversation; the index for good only once it names a response.
  redis.call('PEXPIRE', key.person, turn.ttlMs)
  if turn.response then redis.call('PERSIST', key.personIndex)
  elseif indexTtl ~= -1 then redis.call('PEXPIRE', key.personIndex, turn.ttlMs) end
end
if turn.cancelReminder then redis.call('ZREM', key.reminders, turn.member)
elseif turn.remindAt then redis.call('ZADD', key.reminders, turn.remindAt, turn.member) end
for _, event in ipairs(turn.events) do
  redis.call('HSET', key.outbox, event.id, event.json)
  redis.call('ZADD', key.outboxDue, turn.now, event.id)
end
for _, line in ipairs(turn.transcript) do redis.call('RPUSH', key.transcript, line) end
if #turn.transcript > 0 or redis.call('EXISTS', key.transcript) == 1 then
  redis.call('PEXPIRE', key.transcript, turn.ttlMs)
end
for _, change in ipairs(turn.rollups) do
  local bucket = KEYS[${TURN_KEYS.length + 1} + change.bucket]
  if redis.call('HINCRBY', bucket, change.field, change.by) == 0 then redis.call('HDEL', bucket, change.field) end
  if redis.call('HINCRBY', key.counted, change.counted, change.by) == 0 then redis.call('HDEL', key.counted, change.counted) end
end
-- The follow-up part: opened by this turn, or the customer's thread entries (docs/closing-the-loop.md).
if turn.followUp then npsbotFollowUp(cjson.decode(turn.followUp)) end
-- What was counted lives as long as the response, or as the conversation while there is none.
if turn.response then
  if countedTtl ~= -1 then redis.call('PERSIST', key.counted) end
elseif countedTtl ~= -1 then redis.call('PEXPIRE', key.counted, turn.ttlMs) end
return version
`;

/**
 * KEYS: 1 outbox (hash), 2 outbox due (zset), 3 outbox raised (zset)   ARGV: 1 now, 2 lease until, 3 limit
 * Returns [id, due, json, id, due, json, …] of the earliest due events, each now leased until ARGV[2].
 * An event claimed for the first time is still due at the time it was written: that score is kept
 * in `raised`, which measures the outbox's age without touching the turn's own write.
 */
export const CLAIM_EVENTS = `
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[3]))
local claimed = {}
for i = 1, #due, 2 do
  local id = due[i]
  local json = redis.call('HGET', KEYS[1], id)
  if json then
    redis.call('ZADD', KEYS[3], 'NX', due[i + 1], id)
    redis.call('ZADD', KEYS[2], ARGV[2], id)
    table.insert(claimed, id)
    table.insert(claimed, due[i + 1])
    table.insert(claimed, json)
  else
    redis.call('ZREM', KEYS[2], id)
    redis.call('ZREM', KEYS[3], id)
  end
end
return claimed
`;

/**
 * KEYS: 1 outbox (hash), 2 due, 3 raised, 4 dead (hash), 5 dead at (zset)
 * ARGV: 1 event id, 2 'delivered' | 'retry' | 'dead', 3 JSON (pending or dead letter), 4 score (retry or death time)
 * Returns 0 when the event is gone (erased while it was being delivered): it stays gone.
 */
export const SETTLE_EVENT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
if ARGV[2] == 'retry' then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
  return 1
end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
if ARGV[2] == 'dead' then
  redis.call('HSET', KEYS[4], ARGV[1], ARGV[3])
  redis.call('ZADD', KEYS[5], ARGV[4], ARGV[1])
end
return 1
`;

/**
 * KEYS: as SETTLE_EVENT   ARGV: 1 event id, 2 pending JSON, 3 now
 * Moves a dead letter back into the outbox, due now; 0 when it is no longer there.
 */
export const RETRY_DEAD_LETTER = `
if redis.call('HDEL', KEYS[4], ARGV[1]) == 0 then return 0 end
redis.call('ZREM', KEYS[5], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return 1
`;

/**
 * KEYS: 1 reminders (zset)   ARGV: 1 now, 2 limit. Removes and returns the earliest due members
 * with their due times ([member, due, …]): one taker each.
 */
export const CLAIM_REMINDERS = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
for i = 1, #due, 2 do redis.call('ZREM', KEYS[1], due[i]) end
return due
`;

/**
 * KEYS: 1 pool (list), 2 claimed (hash person → code)   ARGV: 1 person
 * Returns { code, exhausted }: the person's earlier code, a fresh one, or '' and 1.
 */
export const CLAIM_REWARD = `
local earlier = redis.call('HGET', KEYS[2], ARGV[1])
if earlier then return { earlier, 0 } end
local code = redis.call('LPOP', KEYS[1])
if not code then return { '', 1 } end
redis.call('HSET', KEYS[2], ARGV[1], code)
return { code, 0 }
`;

/**
 * KEYS: 1 pool (list), 2 known (set), 3 claimed (hash person → code)   ARGV: codes.
 * Adds codes never seen before; returns how many. `known` is the record of every code ever
 * loaded; when it is gone (evicted, or lost while the pool or the claims were kept) it is first
 * rebuilt from the pool and the codes already given, so a refill never puts a given code back.
 */
export const ADD_REWARD_CODES = `
if redis.call('EXISTS', KEYS[2]) == 0 then
  for _, code in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do redis.call('SADD', KEYS[2], code) end
  for _, code in ipairs(redis.call('HVALS', KEYS[3])) do redis.call('SADD', KEYS[2], code) end
end
local added = 0
for i = 1, #ARGV do
  if redis.call('SADD', KEYS[2], ARGV[i]) == 1 then
    redis.call('RPUSH', KEYS[1], ARGV[i])
    added = added + 1
  end
end
return added
`;

/**
 * KEYS: 1 a key that only routes the call (in a Cluster, every process asks the same node).
 * Returns Redis's clock in epoch milliseconds: the clock the processes share (src/clock.ts).
 */
export const SHARED_TIME = `
local now = redis.call('TIME')
return tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
`;

/**
 * KEYS: 1 conversation (hash)   ARGV: field, channel id, field, channel id, …
 * Where the channel shows the bot's messages, as fields of the conversation's own hash (so they
 * expire and are erased with it); nothing is written once the conversation is gone.
 */
export const REMEMBER_POSTED = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
`;

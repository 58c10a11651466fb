/**
 * The Lua scripts that make a turn's write and a reward claim atomic. Registered with
 * ioredis's `defineCommand`, which sends EVALSHA and falls back to EVAL once per server.
 * (WATCH/MULTI would hold per-connection state and is not usable across a Cluster client.)
 */

/**
 * KEYS: 1 conversation, 2 person   Returns { version, conversation JSON, person JSON } (false where absent).
 * One command instead of a pipeline of two: the same single round trip, less client-side work.
 */
export const LOAD_TURN = `
local conversation = redis.call('HMGET', KEYS[1], 'v', 'd')
return { conversation[1], conversation[2], redis.call('GET', KEYS[2]) }
`;

/**
 * KEYS: 1 conversation, 2 person, 3 response, 4 response log, 5 outbox (hash), 6 outbox due (zset),
 *       7 person index (set), 8 reminders (zset), 9 transcript (list), 10… rollup hashes
 * ARGV: 1 expected version, 2 conversation JSON, 3 ttl ms,
 *       4 response JSON ('' = none), 5 response id, 6 response start (ms),
 *       7 person JSON ('' = unchanged), 8 now (ms), 9 reminder ('' = unchanged, '-' = cancel, else due ms),
 *       10 the conversation as a reminder member, 11 number of events, then per event its id and JSON,
 *       then the number of transcript entries and their JSONs, then per rollup: key index (into KEYS), field, increment
 * Returns the new version, or 0 when the stored version was not the expected one.
 */
export const COMMIT_TURN = `
local current = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if current ~= tonumber(ARGV[1]) then return 0 end
local version = current + 1
redis.call('HSET', KEYS[1], 'v', version, 'd', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('SADD', KEYS[7], 'c:' .. ARGV[10])
if ARGV[4] ~= '' then
  redis.call('SET', KEYS[3], ARGV[4])
  redis.call('ZADD', KEYS[4], ARGV[6], ARGV[5])
  redis.call('SADD', KEYS[7], 'r:' .. ARGV[5])
end
if ARGV[7] ~= '' then redis.call('SET', KEYS[2], ARGV[7]) end
if ARGV[9] == '-' then redis.call('ZREM', KEYS[8], ARGV[10])
elseif ARGV[9] ~= '' then redis.call('ZADD', KEYS[8], ARGV[9], ARGV[10]) end
local events = tonumber(ARGV[11])
for i = 0, events - 1 do
  local id = ARGV[12 + i * 2]
  redis.call('HSET', KEYS[5], id, ARGV[13 + i * 2])
  redis.call('ZADD', KEYS[6], ARGV[8], id)
end
local at = 12 + events * 2
local lines = tonumber(ARGV[at])
for i = 1, lines do redis.call('RPUSH', KEYS[9], ARGV[at + i]) end
if lines > 0 or redis.call('EXISTS', KEYS[9]) == 1 then redis.call('PEXPIRE', KEYS[9], ARGV[3]) end
at = at + 1 + lines
while at <= #ARGV do
  local key = KEYS[tonumber(ARGV[at])]
  local count = redis.call('HINCRBY', key, ARGV[at + 1], ARGV[at + 2])
  if count == 0 then redis.call('HDEL', key, ARGV[at + 1]) end
  at = at + 3
end
return version
`;

/**
 * KEYS: 1 outbox (hash), 2 outbox due (zset)   ARGV: 1 now, 2 lease until, 3 limit
 * Returns [id, due, json, id, due, json, …] of the earliest due events, each now leased until ARGV[2].
 */
export const CLAIM_EVENTS = `
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[3]))
local claimed = {}
for i = 1, #due, 2 do
  local id = due[i]
  local json = redis.call('HGET', KEYS[1], id)
  if json then
    redis.call('ZADD', KEYS[2], ARGV[2], id)
    table.insert(claimed, id)
    table.insert(claimed, due[i + 1])
    table.insert(claimed, json)
  else
    redis.call('ZREM', KEYS[2], id)
  end
end
return claimed
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

/** KEYS: 1 pool, 2 known (set)   ARGV: codes. Adds codes never seen before; returns how many. */
export const ADD_REWARD_CODES = `
local added = 0
for i = 1, #ARGV do
  if redis.call('SADD', KEYS[2], ARGV[i]) == 1 then
    redis.call('RPUSH', KEYS[1], ARGV[i])
    added = added + 1
  end
end
return added
`;

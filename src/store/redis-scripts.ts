/**
 * The Lua scripts that make a turn's write and a reward claim atomic. Registered with
 * ioredis's `defineCommand`, which sends EVALSHA and falls back to EVAL once per server.
 * (WATCH/MULTI would hold per-connection state and is not usable across a Cluster client.)
 */

/**
 * KEYS: 1 conversation, 2 person, 3 response, 4 response log, 5 events, 6… rollup hashes
 * ARGV: 1 expected version, 2 conversation JSON, 3 ttl ms,
 *       4 response JSON ('' = none), 5 response id, 6 response start (ms),
 *       7 person JSON ('' = unchanged), 8 number of events, then the event JSONs,
 *       then per rollup: key index (into KEYS), field, increment
 * Returns the new version, or 0 when the stored version was not the expected one.
 */
export const COMMIT_TURN = `
local current = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if current ~= tonumber(ARGV[1]) then return 0 end
local version = current + 1
redis.call('HSET', KEYS[1], 'v', version, 'd', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if ARGV[4] ~= '' then
  redis.call('SET', KEYS[3], ARGV[4])
  redis.call('ZADD', KEYS[4], ARGV[6], ARGV[5])
end
if ARGV[7] ~= '' then redis.call('SET', KEYS[2], ARGV[7]) end
local events = tonumber(ARGV[8])
for i = 1, events do redis.call('XADD', KEYS[5], '*', 'event', ARGV[8 + i]) end
local at = 9 + events
while at <= #ARGV do
  local key = KEYS[tonumber(ARGV[at])]
  local count = redis.call('HINCRBY', key, ARGV[at + 1], ARGV[at + 2])
  if count == 0 then redis.call('HDEL', key, ARGV[at + 1]) end
  at = at + 3
end
return version
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

package redisstore

import (
	"crypto/sha1"
	"encoding/hex"
)

// takeScript is [ratelimit.Decide] in Lua, run atomically by Redis on
// one key. Its state is the bucket's theoretical arrival time (TAT) in
// Unix microseconds, stored as a decimal string.
//
// KEYS[1] is the bucket; ARGV is the interval T in microseconds, the
// burst B, the cost n and, in tests only, the time in microseconds to use
// instead of Redis TIME. The reply is {allowed (0 or 1), remaining, wait
// µs, full µs, now µs}.
//
// The arithmetic is Decide's, measured from now: b = max(tat-now, 0) is
// the time until the bucket is full, x = b + n*T the same after taking n
// tokens, and L = B*T the time to fill an empty bucket. Store bounds
// B*T to 2^52 µs, so b, x, L and tat stay integers below 2^53, exact in
// Lua's doubles; floorDiv corrects the one rounding a double division can
// make. TAT is written with %.0f, since Lua's tostring keeps only 14
// digits. The key expires with the bucket: PX is the time until it is
// full, rounded up.
//
// redis.replicate_commands lets Redis 3.2 and 4 accept a write after TIME;
// Redis 5 and later replicate scripts by their effects anyway.
const takeScript = `
if redis.replicate_commands then redis.replicate_commands() end
local T = tonumber(ARGV[1])
local L = tonumber(ARGV[2]) * T
local c = tonumber(ARGV[3]) * T
local now = tonumber(ARGV[4])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local tat = tonumber(redis.call('GET', KEYS[1])) or 0
local function floorDiv(a)
  local q = math.floor(a / T)
  if q * T > a then q = q - 1 elseif (q + 1) * T <= a then q = q + 1 end
  return q
end
local b = tat - now
if b < 0 then b = 0 end
local x = b + c
if x > L then
  local r = L - b
  if r < 0 then r = 0 end
  return {0, floorDiv(r), x - L, b, now}
end
local w = 0
if x > 0 then
  if c > 0 then
    redis.call('SET', KEYS[1], string.format('%.0f', now + x), 'PX', math.floor(x / 1000) + 1)
  end
  w = x - floorDiv(x) * T
  if w == 0 then w = T end
elseif tat > 0 then
  redis.call('DEL', KEYS[1])
end
return {1, floorDiv(L - x), w, x, now}
`

// takeScriptSHA is the SHA1 digest EVALSHA names takeScript by.
var takeScriptSHA = func() string {
	sum := sha1.Sum([]byte(takeScript))
	return hex.EncodeToString(sum[:])
}()

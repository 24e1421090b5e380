package redisstore

import (
	"crypto/sha1"
	"encoding/hex"
)

// takeScript applies [ratelimit.Decide] to one key, atomically. The key
// holds the bucket's theoretical arrival time (TAT) in Unix microseconds
// as a decimal string; no key means a full bucket.
//
// KEYS[1] is the bucket; ARGV is the interval T in microseconds, the
// burst B, the cost n and, in tests only, the time in microseconds to use
// instead of Redis TIME. The reply is b = max(TAT - now, 0), the time
// until the bucket was full before this decision: Decide depends on TAT
// and now only through b, so Go computes the whole decision from it as
// Decide(p, b, 0, n) and the reply is one integer.
//
// The script takes the tokens when b + n*T <= B*T, as Decide does, and
// then stores now + b + n*T with an expiry at that instant, rounded up to
// the next millisecond; a bucket found full is deleted. Store bounds B*T
// below 2^52 µs, so every quantity is an integer below 2^53, exact in
// Lua's doubles. The TAT is written with %.0f, since Lua's tostring keeps
// only 14 digits.
//
// redis.replicate_commands lets Redis 3.2 and 4 accept a write after TIME;
// Redis 5 and later replicate scripts by their effects anyway.
const takeScript = `
if redis.replicate_commands then redis.replicate_commands() end
local T = tonumber(ARGV[1])
local c = tonumber(ARGV[3]) * T
local now = tonumber(ARGV[4])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local tat = tonumber(redis.call('GET', KEYS[1])) or 0
local b = tat - now
if b < 0 then b = 0 end
local x = b + c
if x <= tonumber(ARGV[2]) * T then
  if c > 0 then
    redis.call('SET', KEYS[1], string.format('%.0f', now + x), 'PX', math.floor(x / 1000) + 1)
  elseif b == 0 and tat > 0 then
    redis.call('DEL', KEYS[1])
  end
end
return b
`

// takeScriptSHA is the SHA1 digest EVALSHA names takeScript by.
var takeScriptSHA = func() string {
	sum := sha1.Sum([]byte(takeScript))
	return hex.EncodeToString(sum[:])
}()

// takeScriptText is takeScript as a variable, so that a command's
// arguments can point to it instead of copying it into an interface.
var takeScriptText = takeScript

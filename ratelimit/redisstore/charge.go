package redisstore

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/fourxx/fourxx/ratelimit"
)

// chargeScript applies [ratelimit.DecideCharge] to one key, atomically,
// with the key, arguments and reply of takeScript: the charge always
// applies, the stored time until the bucket is full stays within [0, B*T],
// and a bucket that is full again has no key.
const chargeScript = `
if redis.replicate_commands then redis.replicate_commands() end
local T = tonumber(ARGV[1])
local now = tonumber(ARGV[4])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local tat = tonumber(redis.call('GET', KEYS[1])) or 0
local b = tat - now
if b < 0 then b = 0 end
local x = b + tonumber(ARGV[3]) * T
local most = tonumber(ARGV[2]) * T
if x > most then x = most end
if x > 0 then
  redis.call('SET', KEYS[1], string.format('%.0f', now + x), 'PX', math.floor(x / 1000) + 1)
elseif tat > 0 then
  redis.call('DEL', KEYS[1])
end
return b
`

// chargeScriptSHA is the SHA1 digest EVALSHA names chargeScript by.
var chargeScriptSHA = func() string {
	sum := sha1.Sum([]byte(chargeScript))
	return hex.EncodeToString(sum[:])
}()

// Charge implements [ratelimit.Charger], which [ratelimit.ChargeAfter]
// needs to settle a request by its outcome: the decision of
// [ratelimit.DecideCharge] at Redis's clock, in one script on the
// bucket's key. A negative cost gives tokens back, and so also drops what
// the [DenyCache] remembers of the bucket. It fails as Take does.
func (s *Store) Charge(ctx context.Context, key string, p ratelimit.Policy, cost int) (ratelimit.Decision, error) {
	t := p.Interval.Microseconds()
	if t < 1 || p.Interval%time.Microsecond != 0 || p.Burst < 1 || cost < -p.Burst || cost > p.Burst || int64(p.Burst) >= maxBucketMicros/t {
		return ratelimit.Decision{}, fmt.Errorf("%w: interval %v, burst %d, charge %d", ErrPolicy, p.Interval, p.Burst, cost)
	}
	var local int64
	var h uint64
	if s.denied != nil {
		local, h = s.local.Micros(), s.denied.hash(p.Name, key)
		if cost < 0 {
			s.denied.forget(h)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	args := []any{"evalsha", chargeScriptSHA, 1, s.key(p.Name, key), t, p.Burst, cost}
	if s.testNow != nil {
		args = append(args, s.testNow().UnixMicro())
	}
	cmd := redis.NewIntCmd(ctx, args...)
	cmd.SetFirstKeyPos(3)
	err := s.process(ctx, cmd)
	if err != nil && redis.HasErrorPrefix(err, "NOSCRIPT") {
		args[0], args[1] = "eval", chargeScript
		cmd = redis.NewIntCmd(ctx, args...)
		cmd.SetFirstKeyPos(3)
		err = s.process(ctx, cmd)
	}
	if err != nil {
		return ratelimit.Decision{}, fmt.Errorf("redisstore: %w", err)
	}
	b := cmd.Val()
	if b < 0 || b > maxBucketMicros*2 {
		return ratelimit.Decision{}, fmt.Errorf("redisstore: script replied %d µs until the bucket is full", b)
	}
	_, d := ratelimit.DecideCharge(p, b, 0, cost)
	if s.denied != nil && cost > 0 {
		s.denied.record(h, local, d)
	}
	return d, nil
}

// forget drops what the cache remembers of the bucket of hash h: tokens
// were given back, so the remembered state is no longer a lower bound.
func (c *denyCache) forget(h uint64) {
	sl := &c.slots[h&c.mask]
	sl.mu.Lock()
	if sl.h == h {
		sl.h, sl.tat = 0, 0
	}
	sl.mu.Unlock()
}

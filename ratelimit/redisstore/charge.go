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

// Charge implements [ratelimit.Charger], which [ratelimit.LimitChargeAfter]
// needs to settle a request by its outcome: the decision of
// [ratelimit.DecideCharge] at Redis's clock, in one script on the
// bucket's key. A negative cost gives tokens back, and so also drops what
// the [DenyCache] remembers of the bucket. It fails, uses the [Breaker]
// and falls back to [LocalFallback] as Take does.
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
	args := []any{"evalsha", chargeScriptSHA, 1, s.key(p.Name, key), t, p.Burst, cost}
	if s.testNow != nil {
		args = append(args, s.testNow().UnixMicro())
	}
	b, err := s.guarded(ctx, args, chargeScript)
	if err == nil && (b < 0 || b > maxBucketMicros*2) {
		err = fmt.Errorf("redisstore: script replied %d µs until the bucket is full", b)
	}
	if err != nil {
		if s.fallback == nil || ctx.Err() != nil {
			return ratelimit.Decision{}, err
		}
		local, ok := s.dividedPolicy(p)
		if !ok {
			return ratelimit.Decision{}, err
		}
		return s.fallback.Charge(ctx, key, local, max(min(cost, local.Burst), -local.Burst))
	}
	_, d := ratelimit.DecideCharge(p, b, 0, cost)
	if s.denied != nil && cost > 0 {
		s.denied.record(h, local, d)
	}
	return d, nil
}

// guarded runs a script call under the store's circuit breaker and
// [Timeout], falling back from EVALSHA to EVAL with text when Redis does
// not know the script, and returns its reply. It fails with
// [ErrBreakerOpen] without calling Redis while the breaker is open.
func (s *Store) guarded(ctx context.Context, args []any, text string) (int64, error) {
	call, probe := s.breaker.allow()
	if !call {
		return 0, ErrBreakerOpen
	}
	rctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	cmd := redis.NewIntCmd(rctx, args...)
	cmd.SetFirstKeyPos(3)
	err := s.process(rctx, cmd)
	if err != nil && redis.HasErrorPrefix(err, "NOSCRIPT") {
		args[0], args[1] = "eval", text
		cmd = redis.NewIntCmd(rctx, args...)
		cmd.SetFirstKeyPos(3)
		err = s.process(rctx, cmd)
	}
	switch {
	case err == nil:
		s.breaker.succeeded(probe)
		return cmd.Val(), nil
	case ctx.Err() != nil:
		s.breaker.abandoned(probe)
	default:
		s.breaker.failed(probe)
	}
	return 0, fmt.Errorf("redisstore: %w", err)
}

// dividedPolicy is p divided by the expected instances, as [LocalFallback]
// decides; ok is false when the divided rate overflows.
func (s *Store) dividedPolicy(p ratelimit.Policy) (local ratelimit.Policy, ok bool) {
	n := time.Duration(s.instances)
	local = p
	local.Burst = max(1, p.Burst/s.instances)
	local.Interval = p.Interval * n
	return local, local.Interval/n == p.Interval
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

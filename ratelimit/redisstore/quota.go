package redisstore

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/fourxx/fourxx/ratelimit"
)

// countScript adds a cost to the count of one calendar window when the sum
// stays within the limit, atomically. KEYS[1] is the window's count; ARGV
// is the cost, the limit and the time in milliseconds until the window
// ends, when the key expires. The reply is 2 × count + 1 when the cost was
// added, 2 × count when it was not.
const countScript = `
local used = tonumber(redis.call('GET', KEYS[1])) or 0
local cost = tonumber(ARGV[1])
if used + cost > tonumber(ARGV[2]) then
  return used * 2
end
if cost > 0 then
  used = redis.call('INCRBY', KEYS[1], cost)
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return used * 2 + 1
`

// countScriptSHA is the SHA1 digest EVALSHA names countScript by.
var countScriptSHA = func() string {
	sum := sha1.Sum([]byte(countScript))
	return hex.EncodeToString(sum[:])
}()

// Count implements [ratelimit.Counter], which [ratelimit.Quota] needs: one
// script on the key "<prefix><len(name@start)>:<name>@<start in Unix
// seconds>:<key>", which expires a second after the window ends by the
// local clock (the test clock with UseTestClock). It fails, uses the
// [Breaker] and falls back to [LocalFallback] (with the limit divided by
// the instances) as Take does, and fails with [ErrPolicy] for a cost
// outside [0, w.Limit] or a window that does not end after it starts.
func (s *Store) Count(ctx context.Context, key string, w ratelimit.Window, cost int) (int, bool, error) {
	if cost < 0 || cost > w.Limit || !w.End.After(w.Start) {
		return 0, false, fmt.Errorf("%w: window %v to %v, limit %d, cost %d", ErrPolicy, w.Start, w.End, w.Limit, cost)
	}
	now := time.Now()
	if s.testNow != nil {
		now = s.testNow()
	}
	ttl := max(w.End.Sub(now), 0).Milliseconds() + 1000
	rkey := s.key(w.Name+"@"+strconv.FormatInt(w.Start.Unix(), 10), key)
	v, err := s.guarded(ctx, []any{"evalsha", countScriptSHA, 1, rkey, cost, w.Limit, ttl}, countScript)
	if err == nil && v < 0 {
		err = fmt.Errorf("redisstore: count script replied %d", v)
	}
	if err != nil {
		if s.fallback == nil || ctx.Err() != nil {
			return 0, false, err
		}
		local := w
		local.Limit = max(1, w.Limit/s.instances)
		return s.fallback.Count(ctx, key, local, min(cost, local.Limit))
	}
	return int(v / 2), v%2 == 1, nil
}

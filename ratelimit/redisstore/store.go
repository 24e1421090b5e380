package redisstore

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/fourxx/fourxx/internal/microclock"
	"github.com/fourxx/fourxx/ratelimit"
)

// DefaultTimeout bounds each decision unless [Timeout] says otherwise: a
// rate limiter that waits longer than this to let a request through or
// answer 429 Too Many Requests (RFC 6585 §4) costs more than it saves.
const DefaultTimeout = 50 * time.Millisecond

// DefaultPrefix starts every key the store writes, one per bucket of a
// quota partition (draft-ietf-httpapi-ratelimit-headers-11 §2), unless
// [Prefix] says otherwise.
const DefaultPrefix = "fourxx:rl:"

// maxBucketMicros bounds Burst × Interval so that the script's
// quantities, the time since 1970 included, stay integers below 2^53 µs
// until the year 2112.
const maxBucketMicros = 1 << 52

// ErrPolicy is wrapped by the error of a Take whose quota policy
// (draft-ietf-httpapi-ratelimit-headers-11 §3.1) or cost the script cannot
// compute exactly: an interval that is not a positive whole number of
// microseconds, a burst below one, a cost outside [0, burst], or
// burst × interval of 2^52 µs (142 years) or more. Its ErrorType method
// names it for OpenTelemetry's error.type: "redisstore.ErrPolicy".
var ErrPolicy error = &namedError{"redisstore: policy out of range", "redisstore.ErrPolicy"}

// Store is a [ratelimit.Store] in Redis, shared by every process that uses
// the same Redis and prefix, so that all of them answer 429 Too Many
// Requests (RFC 6585 §4) from the same buckets. Each decision is one atomic
// Lua script on one key, "<prefix><len(name)>:<name>:<key>" (a key longer
// than 128 bytes replaced by "#sha256:" and its base64url SHA-256), holding
// the bucket's theoretical arrival time (see [ratelimit.Decide]) with an
// expiry at the instant the bucket is full again; a full bucket has no key.
// The time is Redis TIME, so the hosts' clocks do not matter.
//
// The script runs with EVALSHA and falls back to EVAL when Redis does not
// know it (after a restart or a failover), which also loads it. A Redis
// error, or no answer within the [Timeout], is returned as the error of
// Take: [ratelimit.Limit] then fails open or closed as configured and
// reports it through [ratelimit.LimitOnStoreError]. With [LocalFallback], an
// in-memory store decides instead. After a run of failures the circuit
// breaker ([Breaker]) stops calling Redis for a while and then probes it
// with one decision; nothing runs in the background.
//
// Braces in a key of 128 bytes or less reach Redis Cluster as a hash tag,
// on purpose: "{user:42}" keeps one subject's buckets of several policies
// in one slot. A key taken from client input ([ratelimit.KeyByHeader])
// therefore lets a client choose the slot, and the node, of its buckets;
// validate such keys in an earlier middleware.
//
// A decision costs one round trip and about ten allocations; the
// command's arguments are reused once Process returns, so a client hook
// must not keep a command beyond its call.
type Store struct {
	client  redis.UniversalClient
	prefix  string
	timeout time.Duration
	denied  *denyCache
	// local is the deny cache's clock: the wall time at construction plus
	// the monotonic time elapsed since, so that a step of the wall clock
	// does not stretch a cached denial.
	local   microclock.Clock
	breaker breaker
	// fallback decides, with policies divided by instances, what Redis
	// did not ([LocalFallback]); nil fails instead.
	fallback  *ratelimit.MemoryStore
	instances int

	// testNow replaces Redis TIME; tests only.
	testNow func() time.Time
}

// New returns a store of the token buckets behind 429 Too Many Requests (RFC
// 6585 §4) on client: a *redis.Client (standalone or Sentinel failover), a
// *redis.ClusterClient or a *redis.Ring. It panics when client or an option
// is nil, when client is a *redis.Client, *redis.ClusterClient or
// *redis.Ring without ContextTimeoutEnabled (go-redis then ignores the
// context's deadline on the network, and the [Timeout] could not bound a
// stalled Redis), and when it is a *redis.AutoPipeliner, which does not
// honour a command's deadline once the command is queued.
func New(client redis.UniversalClient, opts ...Option) *Store {
	checkClient("New", client)
	s := &Store{client: client, prefix: DefaultPrefix, timeout: DefaultTimeout}
	s.breaker.threshold, s.breaker.backoff, s.breaker.maxBackoff = DefaultBreakerFailures, DefaultBreakerBackoff, DefaultBreakerMaxBackoff
	s.breaker.now = time.Now
	applyOptions("New", s, opts)
	s.setLocalClock(time.Now)
	return s
}

// checkClient panics, naming constructor, when client is nil, lacks
// ContextTimeoutEnabled or is an AutoPipeliner (see [New]).
func checkClient(constructor string, client redis.UniversalClient) {
	if client == nil {
		panic("redisstore: " + constructor + ": nil client")
	}
	timeouts := true
	switch c := client.(type) {
	case *redis.Client:
		timeouts = c.Options().ContextTimeoutEnabled
	case *redis.ClusterClient:
		timeouts = c.Options().ContextTimeoutEnabled
	case *redis.Ring:
		timeouts = c.Options().ContextTimeoutEnabled
	case *redis.AutoPipeliner:
		panic("redisstore: " + constructor + ": a *redis.AutoPipeliner does not honour the context's deadline once a command is queued; pass its client")
	}
	if !timeouts {
		panic("redisstore: " + constructor + ": the client needs ContextTimeoutEnabled: true, so that the timeout bounds reads and writes")
	}
}

// setLocalClock makes now the clock of the deny cache.
func (s *Store) setLocalClock(now func() time.Time) {
	s.local = microclock.New(now)
}

// Take implements [ratelimit.Store]: the decision of [ratelimit.Decide] at
// Redis's clock, which [ratelimit.Limit] answers 429 Too Many Requests (RFC
// 6585 §4) or lets through, or an error when Redis failed or did not
// answer in time, when the circuit breaker kept the decision from Redis
// ([ErrBreakerOpen]) or when the policy is out of range ([ErrPolicy]).
// With [LocalFallback], the local decision replaces the first two errors.
// With [DenyCache], a request the cache can deny is decided without Redis.
func (s *Store) Take(ctx context.Context, key string, p ratelimit.Policy, cost int) (ratelimit.Decision, error) {
	t := p.Interval.Microseconds()
	if t < 1 || p.Interval%time.Microsecond != 0 || p.Burst < 1 || cost < 0 || cost > p.Burst || int64(p.Burst) >= maxBucketMicros/t {
		return ratelimit.Decision{}, fmt.Errorf("%w: interval %v, burst %d, cost %d", ErrPolicy, p.Interval, p.Burst, cost)
	}
	var local int64
	var h uint64
	if s.denied != nil {
		local, h = s.local.Micros(), s.denied.hash(p.Name, key)
		if d, ok := s.denied.decide(h, p, local, cost); ok {
			return d, nil
		}
	}
	call, probe := s.breaker.allow()
	if !call {
		return s.decideLocally(ctx, key, p, cost, ErrBreakerOpen)
	}
	rctx, cancel := context.WithTimeout(ctx, s.timeout)
	b, err := s.run(rctx, s.key(p.Name, key), t, p.Burst, cost)
	cancel()
	if err == nil && (b < 0 || b > maxBucketMicros*2) {
		err = fmt.Errorf("script replied %d µs until the bucket is full", b)
	}
	if err != nil {
		err = fmt.Errorf("redisstore: %w", err)
		if ctx.Err() != nil {
			// The caller left: Redis did not fail, and no one needs
			// a decision.
			s.breaker.abandoned(probe)
			return ratelimit.Decision{}, err
		}
		s.breaker.failed(probe)
		return s.decideLocally(ctx, key, p, cost, err)
	}
	s.breaker.succeeded(probe)
	_, d := ratelimit.Decide(p, b, 0, cost)
	if s.denied != nil {
		s.denied.record(h, local, d)
	}
	return d, nil
}

// decideLocally returns the decision of the [LocalFallback] store, under
// the policy divided by the expected instances, or err without one.
func (s *Store) decideLocally(ctx context.Context, key string, p ratelimit.Policy, cost int, err error) (ratelimit.Decision, error) {
	if s.fallback == nil {
		return ratelimit.Decision{}, err
	}
	local, ok := s.dividedPolicy(p)
	if !ok {
		return ratelimit.Decision{}, err
	}
	return s.fallback.Take(ctx, key, local, min(cost, local.Burst))
}

// State returns the state of the store's circuit breaker ([Breaker]).
func (s *Store) State() BreakerState { return BreakerState(s.breaker.state.Load()) }

// run evaluates the script by its digest, and by its text when Redis
// does not know the digest, and returns its reply.
func (s *Store) run(ctx context.Context, rkey string, t int64, burst, cost int) (int64, error) {
	c := scriptCalls.Get().(*scriptCall)
	defer scriptCalls.Put(c)
	c.key, c.t, c.burst, c.cost = rkey, t, burst, cost
	args := c.args(s.testNow)
	cmd := redis.NewIntCmd(ctx, args...)
	cmd.SetFirstKeyPos(3) // the key, for Cluster routing
	err := s.process(ctx, cmd)
	if err != nil && redis.HasErrorPrefix(err, "NOSCRIPT") {
		args[0], args[1] = "eval", &takeScriptText
		cmd = redis.NewIntCmd(ctx, args...)
		cmd.SetFirstKeyPos(3)
		err = s.process(ctx, cmd)
	}
	return cmd.Val(), err
}

// process runs cmd and returns its error: the error of Process, else the
// one left on the command, where a client that queues commands (such as
// go-redis's AutoPipeliner) reports it.
func (s *Store) process(ctx context.Context, cmd *redis.IntCmd) error {
	if err := s.client.Process(ctx, cmd); err != nil {
		return err
	}
	return cmd.Err()
}

// scriptCall holds the arguments of one script call. The command's
// arguments point into it, so that go-redis writes them without boxing
// each into an interface; calls are pooled.
type scriptCall struct {
	argv  [9]any
	key   string
	t     int64
	burst int
	cost  int
	now   int64
}

// scriptCalls pools scriptCalls between decisions.
var scriptCalls = sync.Pool{New: func() any { return new(scriptCall) }}

// args returns the EVALSHA command, with the time of testNow when it is
// set.
func (c *scriptCall) args(testNow func() time.Time) []any {
	c.argv = [9]any{"evalsha", &takeScriptSHA, 1, &c.key, &c.t, &c.burst, &c.cost}
	if testNow == nil {
		return c.argv[:7]
	}
	c.now = testNow().UnixMicro()
	c.argv[7] = &c.now
	return c.argv[:8]
}

// maxRawKeyBytes is the longest key a Redis key holds as it is; a longer
// one is replaced by its hash.
const maxRawKeyBytes = 128

// hashedKeyPrefix starts the hash that replaces a key.
const hashedKeyPrefix = "#sha256:"

// key is the Redis key of a bucket. The name's length keeps names and
// keys that contain the separator apart: ("a:b", "c") and ("a", "b:c")
// are different buckets. A key longer than maxRawKeyBytes, or one that
// starts with hashedKeyPrefix, is replaced by hashedKeyPrefix and the
// base64url SHA-256 of the key (51 bytes), so that a client choosing its
// key cannot choose the size of what Redis stores, and a raw key is never
// taken for a hashed one.
func (s *Store) key(name, key string) string {
	return s.prefix + strconv.Itoa(len(name)) + ":" + name + ":" + boundedKey(key)
}

// boundedKey is key, or its hash when it is longer than maxRawKeyBytes or
// looks hashed.
func boundedKey(key string) string {
	if len(key) > maxRawKeyBytes || strings.HasPrefix(key, hashedKeyPrefix) {
		sum := sha256.Sum256([]byte(key))
		key = hashedKeyPrefix + base64.RawURLEncoding.EncodeToString(sum[:])
	}
	return key
}

package ratelimit

import (
	"context"
	"fmt"
	"hash/maphash"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fourxx/fourxx/internal/problemwrite"
	"github.com/fourxx/fourxx/problem"
)

// concurrencyShards is the number of locks a Concurrency spreads its keys
// over.
const concurrencyShards = 16

// concurrencyRetryAfter is the Retry-After of a refusal, in seconds: when
// a slot frees up depends on requests in flight, not on a clock.
const concurrencyRetryAfter = 1

// concurrencyRetryAfterField is the Retry-After value of every refusal,
// shared: one element with no spare capacity, so an Add copies it.
var concurrencyRetryAfterField = []string{strconv.Itoa(concurrencyRetryAfter)}

// Concurrency returns a middleware that lets at most n requests per key
// run at once, n ≥ 1, and answers 429 Too Many Requests (RFC 6585 §4) to
// the next one, with Retry-After: 1 (RFC 9110 §10.2.3), Cache-Control:
// no-store and a problem body of type [QuotaExceeded] naming the policy
// (members "violated-policies", "policy", "concurrent" and
// "retry_after"). With [LimitQueue], a request over the limit first waits, in
// arrival order, for a slot.
//
// A slot is held from the moment the request is let through until the
// handler returns or panics, or hijacks the connection (a WebSocket then
// holds no slot); a queued request whose client leaves gives up its place.
// Keys come from [LimitKey] ([KeyByIP] by default; a KeyFunc returning a
// constant makes one global limit), and [LimitName] names the policy (default
// "concurrency<n>"). Every response it lets through or refuses carries
// the policy in RateLimit-Policy with the quota unit
// qu="concurrent-requests" (draft-ietf-httpapi-ratelimit-headers-11
// §3.1.2), added to the policies of other limits; [LimitHeaders](0) sends none.
// CORS preflights pass without a slot unless [LimitPreflights], and so do
// the requests [LimitExempt] names. Other options panic.
//
// The count lives in this process only, whatever store other limits use:
// with several instances each one admits n per key. It keeps state only for
// keys with requests in flight or queued, so memory follows the number of
// requests the server is serving. A request that passes allocates nothing
// once its key's state is pooled; a queued one allocates its wait.
func Concurrency(n int, opts ...LimitOption) func(http.Handler) http.Handler {
	return newConcurrency(n, opts).middleware
}

// LimitQueue makes [Concurrency] hold up to size requests per key, size ≥ 1,
// while all slots are taken, each for at most wait > 0, before it answers
// 429 Too Many Requests (RFC 6585 §4). Requests waiting hold a goroutine and
// a connection each. [Limit] panics with it.
func LimitQueue(size int, wait time.Duration) LimitOption {
	if size < 1 {
		panic(fmt.Sprintf("ratelimit: LimitQueue: size must be at least 1, got %d", size))
	}
	if wait <= 0 {
		panic(fmt.Sprintf("ratelimit: LimitQueue: wait must be positive, got %v", wait))
	}
	return func(l *limiter) { l.queueLen, l.queueWait = size, wait }
}

// concurrency is one Concurrency's configuration and state.
type concurrency struct {
	n               int
	limitPreflights bool
	exempt          func(r *http.Request) bool
	queueLen        int
	queueWait       time.Duration
	key             KeyFunc
	name            string
	refusal         *problem.Details // the 429, prepared
	fields          Fields
	policyField     []string
	policyJoin      atomic.Pointer[policyJoin]
	seed            maphash.Seed
	shards          [concurrencyShards]concurrencyShard
	flights         sync.Pool
	slots           sync.Pool
}

// concurrencyShard is one lock and the keys it guards.
type concurrencyShard struct {
	mu      sync.Mutex
	flights map[uint64]*flight
	_       [40]byte
}

// flight is the state of one key: the requests running and the channels
// of those queued, first come first served.
type flight struct {
	running int
	queue   []chan struct{}
}

// slot is one admitted request's claim, released once.
type slot struct {
	c    *concurrency
	h    uint64
	done atomic.Bool
}

// hijacked releases the slot when the handler takes the connection.
func (s *slot) hijacked() { s.release() }

// release gives the slot up, the first time it is called.
func (s *slot) release() {
	if s.done.CompareAndSwap(false, true) {
		s.c.release(s.h)
	}
}

func newConcurrency(n int, opts []LimitOption) *concurrency {
	if n < 1 {
		panic(fmt.Sprintf("ratelimit: Concurrency: n must be at least 1, got %d", n))
	}
	l := &limiter{key: KeyByIP, fields: FieldsRateLimit}
	applyOptions("Concurrency", l, opts)
	if l.cost != nil || l.store != nil || l.unavailableFor != 0 || l.onStoreError != nil || l.charge != nil || l.now != nil || l.overQuota != nil ||
		l.live != nil || l.choose != nil || l.pkSecret != nil {
		panic("ratelimit: Concurrency: only the options LimitKey, LimitName, LimitHeaders, LimitQueue, LimitExempt and LimitPreflights apply")
	}
	c := &concurrency{n: n, queueLen: l.queueLen, queueWait: l.queueWait, key: l.key, name: l.policy.Name, fields: l.fields, seed: maphash.MakeSeed(), limitPreflights: l.limitPreflights,
		exempt: l.exempt}
	if c.name == "" {
		c.name = "concurrency" + strconv.Itoa(n)
	}
	quotedName := sfString(c.name)
	c.policyField = []string{quotedName + ";q=" + strconv.Itoa(n) + `;qu="concurrent-requests"`}[:1:1]
	c.refusal = problem.Prepare(problem.Details{
		Type:   QuotaExceeded,
		Title:  quotaExceededTitle,
		Status: http.StatusTooManyRequests,
		Source: "ratelimit.Concurrency",
		Detail: fmt.Sprintf("Too many requests at once under policy %s (at most %d); retry in %d s.", quotedName, n, concurrencyRetryAfter),
		Extensions: map[string]any{
			violatedPolicies: violatedMember(c.name),
			"policy":         c.name,
			"concurrent":     n,
			"retry_after":    concurrencyRetryAfter,
		},
	})
	for i := range c.shards {
		c.shards[i].flights = make(map[uint64]*flight)
	}
	c.flights.New = func() any { return new(flight) }
	c.slots.New = func() any { return &slot{c: c} }
	return c
}

// middleware is the Concurrency middleware.
func (c *concurrency) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !c.limitPreflights && isPreflight(r) || c.exempt != nil && c.exempt(r) {
			next.ServeHTTP(w, r)
			return
		}
		key, err := c.key(r)
		if err == nil && key == "" {
			err = errEmptyKey
		}
		if err != nil {
			c.refuseKey(w, r, err)
			return
		}
		h := maphash.String(c.seed, key)
		if !c.acquire(r.Context(), h) {
			if r.Context().Err() == nil {
				c.refuse(w, r)
			}
			return
		}
		s := c.slots.Get().(*slot)
		s.h = h
		s.done.Store(false)
		defer c.slots.Put(s)
		defer s.release()
		if c.fields&FieldsRateLimit != 0 {
			addPolicy(w.Header(), c.policyField, &c.policyJoin)
		}
		if _, ok := w.(http.Hijacker); !ok {
			next.ServeHTTP(w, r)
			return
		}
		ww, watched := watch(w, s)
		next.ServeHTTP(ww, r)
		unwatch(ww, watched)
	})
}

// acquire takes a slot of the key of hash h, waiting in its queue when
// there is one, and reports whether it got one.
func (c *concurrency) acquire(ctx context.Context, h uint64) bool {
	sh := &c.shards[h%concurrencyShards]
	sh.mu.Lock()
	f := sh.flights[h]
	if f == nil {
		f = c.flights.Get().(*flight)
		sh.flights[h] = f
	}
	if f.running < c.n {
		f.running++
		sh.mu.Unlock()
		return true
	}
	if len(f.queue) >= c.queueLen {
		sh.mu.Unlock()
		return false
	}
	turn := make(chan struct{}, 1)
	f.queue = append(f.queue, turn)
	sh.mu.Unlock()

	timer := time.NewTimer(c.queueWait)
	defer timer.Stop()
	select {
	case <-turn:
		return true
	case <-ctx.Done():
	case <-timer.C:
	}
	sh.mu.Lock()
	if i := slices.Index(f.queue, turn); i >= 0 {
		f.queue = slices.Delete(f.queue, i, i+1)
		sh.mu.Unlock()
		return false
	}
	sh.mu.Unlock()
	// The slot was handed over as the wait ended: pass it on.
	c.release(h)
	return false
}

// release frees a slot of the key of hash h: it goes to the first request
// queued, or back to the key, whose state is dropped when nothing runs.
func (c *concurrency) release(h uint64) {
	sh := &c.shards[h%concurrencyShards]
	sh.mu.Lock()
	f := sh.flights[h]
	if len(f.queue) > 0 {
		turn := f.queue[0]
		f.queue[0] = nil
		f.queue = f.queue[1:]
		turn <- struct{}{}
	} else if f.running--; f.running == 0 {
		delete(sh.flights, h)
		f.queue = nil
		c.flights.Put(f)
	}
	sh.mu.Unlock()
}

// refuse answers 429 when every slot is taken.
func (c *concurrency) refuse(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	noVary := len(h) == 0
	if c.fields&FieldsRateLimit != 0 {
		addPolicy(h, c.policyField, &c.policyJoin)
	}
	h["Retry-After"] = concurrencyRetryAfterField
	h["Cache-Control"] = noStore
	problemwrite.Write(w, r, c.refusal, noVary)
}

// refuseKey answers a request whose key could not be found, as [Limit]
// does.
func (c *concurrency) refuseKey(w http.ResponseWriter, r *http.Request, err error) {
	problem.Write(w, r, keyRefusal(err, "ratelimit.Concurrency", "The concurrency limiter could not tell which client sent this request.",
		"This resource is limited by a key the request does not carry"))
}

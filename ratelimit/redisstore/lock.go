package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/fourxx/fourxx/conditional"
)

// DefaultLockPrefix starts every key of a [Lock] unless [LockPrefix] says
// otherwise.
const DefaultLockPrefix = "fourxx:lock:"

// DefaultLockTTL is how long a lease outlives its last renewal unless
// [LockTTL] says otherwise: the longest that other instances answer 409
// Conflict (RFC 9110 §15.5.10) for a resource whose holder died.
const DefaultLockTTL = 5 * time.Second

// Lock is a [conditional.Lock] in Redis, for [conditional.SingleWriter]
// across instances: one unsafe request at a time runs for each resource
// among all instances sharing the Redis and the prefix, and the others get
// 409 Conflict (RFC 9110 §15.5.10) naming the holder and since when it
// holds the resource.
//
// A hold is a lease: the key "<prefix><key>" (a key longer than 128 bytes
// replaced by its hash, as in [Store]) holding a random token and the
// holder, with an expiry of the [LockTTL]. Taking it is one SET NX; while
// the handler runs, the lease is renewed every third of the TTL, only if
// it still holds the token; releasing it deletes it only if it still
// holds the token (compare-and-delete, one Lua script), so that a holder
// whose lease expired never releases another's. If the holder's process
// dies, the lease expires within the TTL and the resource is free again.
//
// A lease that could not be renewed for a whole TTL (Redis unreachable,
// or the holder's process stalled) expires while its handler may still
// run: keep writes conditional (If-Match, [conditional.Check]) so that a
// late writer gets 412 instead of overwriting.
type Lock struct {
	client  redis.UniversalClient
	prefix  string
	ttl     time.Duration
	timeout time.Duration
}

// LockOption configures a [Lock] (RFC 9110 §15.5.10).
type LockOption func(*Lock)

// LockPrefix starts every key of the lock with prefix instead of
// [DefaultLockPrefix]. Locks with different prefixes never share a lease.
func LockPrefix(prefix string) LockOption {
	if strings.ContainsAny(prefix, "{}") {
		panic(fmt.Sprintf("redisstore: LockPrefix: %q contains a hash tag brace", prefix))
	}
	return func(l *Lock) { l.prefix = prefix }
}

// LockTTL sets how long a lease outlives its last renewal, instead of
// [DefaultLockTTL]; ttl ≥ 30 ms, whole milliseconds. Renewals run every
// third of it, so a stall of the holder's process or of Redis shorter
// than two thirds of it keeps the lease; a dead holder's resource answers
// 409 Conflict (RFC 9110 §15.5.10) for at most ttl.
func LockTTL(ttl time.Duration) LockOption {
	if ttl < 30*time.Millisecond || ttl%time.Millisecond != 0 {
		panic(fmt.Sprintf("redisstore: LockTTL: ttl must be whole milliseconds, at least 30ms, got %v", ttl))
	}
	return func(l *Lock) { l.ttl = ttl }
}

// LockTimeout bounds each command of the lock, the wait for a connection
// included, instead of [DefaultTimeout]; d > 0. An acquisition that runs
// out of time makes [conditional.SingleWriter] answer 503 Service
// Unavailable (RFC 9110 §15.6.4).
func LockTimeout(d time.Duration) LockOption {
	if d <= 0 {
		panic(fmt.Sprintf("redisstore: LockTimeout: d must be positive, got %v", d))
	}
	return func(l *Lock) { l.timeout = d }
}

// NewLock returns the lock behind [conditional.SingleWriter]'s 409
// Conflict (RFC 9110 §15.5.10) across instances, on client, which [New]
// accepts on the same conditions (it panics otherwise, and on a nil option).
func NewLock(client redis.UniversalClient, opts ...LockOption) *Lock {
	checkClient("NewLock", client)
	l := &Lock{client: client, prefix: DefaultLockPrefix, ttl: DefaultLockTTL, timeout: DefaultTimeout}
	applyOptions("NewLock", l, opts)
	return l
}

// lease is the value of a lock's key.
type lease struct {
	Token  string    `json:"token"`
	Method string    `json:"method"`
	Path   string    `json:"path"`
	Since  time.Time `json:"since"`
}

// acquireScript takes KEYS[1] for ARGV[1] with an expiry of ARGV[2] ms
// when no one holds it, and replies "", else replies the holder's lease.
var acquireScript = redis.NewScript(`
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return '' end
return redis.call('get', KEYS[1])`)

// renewScript extends KEYS[1] to ARGV[2] ms if it still holds ARGV[1].
var renewScript = redis.NewScript(`
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0`)

// releaseScript deletes KEYS[1] if it still holds ARGV[1].
var releaseScript = redis.NewScript(`
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`)

// Acquire implements [conditional.Lock]: it takes the lease of key for h,
// or returns the holder of the lease, or an error when Redis did not
// answer within the [LockTimeout] or holds a value that is not a lease.
// After an error it deletes, best effort, the lease Redis may have taken
// before its reply was lost, so that the key does not stay held for the
// TTL.
func (l *Lock) Acquire(ctx context.Context, key string, h conditional.Holder) (func(), conditional.Holder, error) {
	token := make([]byte, 16)
	_, _ = rand.Read(token) // never fails (crypto/rand)
	value, err := json.Marshal(lease{Token: base64.RawURLEncoding.EncodeToString(token), Method: h.Method, Path: h.Path, Since: h.Since})
	if err != nil {
		return nil, conditional.Holder{}, fmt.Errorf("redisstore: lease of %q: %w", key, err)
	}
	rkey := l.prefix + boundedKey(key)
	actx, cancel := context.WithTimeout(ctx, l.timeout)
	reply, err := acquireScript.Run(actx, l.client, []string{rkey}, value, l.ttl.Milliseconds()).Text()
	cancel()
	if err != nil {
		// Redis may have taken the lease before the reply was lost: free
		// it rather than leave it to expire.
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), l.timeout)
		_ = releaseScript.Run(dctx, l.client, []string{rkey}, string(value)).Err()
		cancel()
		return nil, conditional.Holder{}, fmt.Errorf("redisstore: lease of %q: %w", key, err)
	}
	if reply != "" {
		var cur lease
		if err := json.Unmarshal([]byte(reply), &cur); err != nil {
			return nil, conditional.Holder{}, fmt.Errorf("redisstore: %s does not hold a lease: %w", rkey, err)
		}
		return nil, conditional.Holder{Method: cur.Method, Path: cur.Path, Since: cur.Since}, nil
	}
	held := &heldLease{lock: l, key: rkey, value: string(value), stop: make(chan struct{}), done: make(chan struct{})}
	go held.renew(context.WithoutCancel(ctx))
	return held.release, conditional.Holder{}, nil
}

// heldLease is a lease this process holds, renewed until released.
type heldLease struct {
	lock     *Lock
	key      string
	value    string
	stop     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
}

// renew extends the lease every third of the TTL until it is released or
// lost (another value in the key: it expired and someone else took it).
// A failed renewal is tried again at the next tick.
func (h *heldLease) renew(ctx context.Context) {
	defer close(h.done)
	t := time.NewTicker(h.lock.ttl / 3)
	defer t.Stop()
	for {
		select {
		case <-h.stop:
			return
		case <-t.C:
		}
		rctx, cancel := context.WithTimeout(ctx, h.lock.timeout)
		n, err := renewScript.Run(rctx, h.lock.client, []string{h.key}, h.value, h.lock.ttl.Milliseconds()).Int()
		cancel()
		if err == nil && n == 0 {
			return
		}
	}
}

// release stops the renewals and deletes the lease if it is still this
// one. An error leaves the lease to expire.
func (h *heldLease) release() {
	h.stopOnce.Do(func() { close(h.stop) })
	<-h.done
	ctx, cancel := context.WithTimeout(context.Background(), h.lock.timeout)
	defer cancel()
	_ = releaseScript.Run(ctx, h.lock.client, []string{h.key}, h.value).Err()
}

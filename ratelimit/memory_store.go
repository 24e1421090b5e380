package ratelimit

import (
	"context"
	"fmt"
	"hash/maphash"
	"math/bits"
	"sync"
	"time"

	"github.com/fourxx/fourxx/internal/microclock"
)

// DefaultMemoryCapacity is the number of keys, quota partitions
// (draft-ietf-httpapi-ratelimit-headers-11 §2), a [MemoryStore] tracks at
// most unless [MemoryCapacity] says otherwise.
const DefaultMemoryCapacity = 1_000_000

// memoryShardKeys is the most keys one shard of a [MemoryStore] holds; the
// store has as many shards as its capacity needs, so that a sweep of one
// shard, done under its lock, stays well under a millisecond.
const memoryShardKeys = 4096

// memoryEvictSample is how many entries of a full shard a new key looks at
// to choose the one it replaces.
const memoryEvictSample = 8

// memoryRetireSample is how many entries a new key looks at, in a shard
// at least half full, to retire those whose buckets are full again.
const memoryRetireSample = 2

// MemoryStore is the in-memory [Store], the default of [Limit], which
// answers 429 Too Many Requests (RFC 6585 §4): a fixed number of shards,
// each a mutex and a map from a seeded 64-bit hash of (policy name, key) to
// the bucket's theoretical arrival time in microseconds (see [Decide]). It
// stores neither the key nor a [rate.Limiter]: about 38 bytes per tracked
// key, measured in the README. The hash seed is random per store, so
// clients cannot choose keys that collide on purpose.
//
// Full buckets carry no information and are forgotten: a bucket found full
// is deleted, each new key arriving at a shard that is half full retires
// the full buckets among two entries of it, and [MemoryStore.Sweep] drops
// all of them, one shard at a time.
//
// The number of tracked keys never exceeds the capacity (split evenly over
// the shards). When a new key arrives at a full shard, it replaces the
// entry closest to being full among a small sample of that shard, after
// dropping the full ones it finds; the replaced key starts again with a
// full bucket. Under a flood of distinct keys memory therefore stays flat
// and the keys that are actively limited keep their state; no request is
// refused because the store is full.
//
// Since it keeps hashes, not keys, two (policy, key) pairs with the same
// 64-bit hash share one bucket. Among n tracked keys that happens with a
// probability of about n²/2^65 (one in 36 million at the default million
// keys), and the seed, random per store and never revealed, keeps clients
// from choosing keys that collide.
//
// Time is the wall time at construction plus the time elapsed since on the
// monotonic clock, so a step of the wall clock (an NTP correction) neither
// delays nor frees buckets.
type MemoryStore struct {
	seed     maphash.Seed
	now      func() time.Time // MemoryClock's; nil for time.Now
	clock    microclock.Clock
	shards   []memoryShard
	mask     uint64
	shardCap int
	capacity int
}

// memoryShard is one lock and its map, padded to its own cache lines.
type memoryShard struct {
	mu   sync.Mutex
	tats map[uint64]int64
	peak int
	_    [40]byte
}

// MemoryOption configures a [MemoryStore] (RFC 6585 §4).
type MemoryOption func(*MemoryStore)

// MemoryCapacity sets the most keys, quota partitions
// (draft-ietf-httpapi-ratelimit-headers-11 §2), the store tracks, n ≥ 1.
// The default is [DefaultMemoryCapacity].
func MemoryCapacity(n int) MemoryOption {
	if n < 1 {
		panic(fmt.Sprintf("ratelimit: MemoryCapacity: n must be at least 1, got %d", n))
	}
	return func(s *MemoryStore) { s.capacity = n }
}

// MemoryClock makes now the store's clock instead of [time.Now]. Buckets
// refill by it, and so the waits sent as the t of RateLimit
// (draft-ietf-httpapi-ratelimit-headers-11 §4.1.2) and as Retry-After (RFC
// 9110 §10.2.3) follow it.
func MemoryClock(now func() time.Time) MemoryOption {
	if now == nil {
		panic("ratelimit: MemoryClock: nil clock")
	}
	return func(s *MemoryStore) { s.now = now }
}

// NewMemoryStore returns an empty in-memory store of the token buckets
// behind 429 Too Many Requests (RFC 6585 §4).
func NewMemoryStore(opts ...MemoryOption) *MemoryStore {
	s := &MemoryStore{seed: maphash.MakeSeed(), capacity: DefaultMemoryCapacity}
	applyOptions("NewMemoryStore", s, opts)
	s.clock = microclock.System()
	if s.now != nil {
		s.clock = microclock.New(s.now)
	}
	capacity := s.capacity
	// 16 shards, fewer below a capacity of 16 (each shard holds at least
	// one key), more when 16 would hold more than memoryShardKeys each.
	n := min(16, 1<<(bits.Len(uint(capacity))-1))
	if need := (capacity + memoryShardKeys - 1) / memoryShardKeys; need > n {
		n = 1 << bits.Len(uint(need-1))
	}
	s.shards = make([]memoryShard, n)
	s.mask = uint64(n - 1)
	s.shardCap = max(1, capacity/n)
	for i := range s.shards {
		s.shards[i].tats = make(map[uint64]int64)
	}
	return s
}

// Take implements [Store] with the arithmetic of [Decide] at the store's
// clock: the decision [Limit] answers 429 Too Many Requests (RFC 6585 §4)
// or lets through. It fails only for an invalid policy or a cost outside
// [0, p.Burst].
func (s *MemoryStore) Take(_ context.Context, key string, p Policy, cost int) (Decision, error) {
	if !p.Valid() || cost < 0 || cost > p.Burst {
		return Decision{}, fmt.Errorf("ratelimit: MemoryStore cannot take %d tokens under policy %+v", cost, p)
	}
	return s.take(key, p, s.nameHash(p.Name), cost), nil
}

// take is Take for a valid policy p whose name's nameHash is nameHash and
// a cost within [0, p.Burst]: what [Limit] calls on its own MemoryStore,
// having checked both once and hashed the name once.
func (s *MemoryStore) take(key string, p Policy, nameHash uint64, cost int) Decision {
	h := maphash.String(s.seed, key) ^ nameHash
	now := s.clock.Micros()
	sh := &s.shards[h&s.mask]
	sh.mu.Lock()
	tat, tracked := sh.tats[h]
	newTAT, d := Decide(p, tat, now, cost)
	sh.settle(h, tracked, newTAT, now, d.Allowed, s.shardCap)
	sh.mu.Unlock()
	return d
}

// settle stores a key's new theoretical arrival time: a full bucket is
// forgotten, a tracked key updated, and an untracked one inserted when
// track says the decision changed its bucket. The caller holds sh.mu.
func (sh *memoryShard) settle(h uint64, tracked bool, newTAT, now int64, track bool, capacity int) {
	switch {
	case newTAT <= now:
		if tracked {
			delete(sh.tats, h)
		}
	case tracked:
		sh.tats[h] = newTAT
	case track:
		sh.insert(h, newTAT, now, capacity)
	}
}

// hash is the seeded hash of a policy name and a key: the key's hash
// mixed with the name's nameHash, so that equal keys of different
// policies land on unrelated entries.
func (s *MemoryStore) hash(name, key string) uint64 {
	return maphash.String(s.seed, key) ^ s.nameHash(name)
}

// nameHash is a policy name's part of hash: a multiple of its seeded hash.
func (s *MemoryStore) nameHash(name string) uint64 {
	return maphash.String(s.seed, name) * 0x9e3779b97f4a7c15
}

// insert adds a new key to the shard. Once the shard is half full it first
// retires the full buckets among a few entries; at the cap it also replaces
// the sampled entry closest to full.
func (sh *memoryShard) insert(h uint64, tat, now int64, capacity int) {
	sample := 0
	switch {
	case len(sh.tats) >= capacity:
		sample = memoryEvictSample
	case len(sh.tats) >= capacity/2:
		sample = memoryRetireSample
	}
	var victim uint64
	victimTAT := int64(-1)
	for k, v := range sh.tats {
		if sample == 0 {
			break
		}
		sample--
		if v <= now {
			delete(sh.tats, k)
			continue
		}
		if victimTAT < 0 || v < victimTAT {
			victim, victimTAT = k, v
		}
	}
	if len(sh.tats) >= capacity && victimTAT >= 0 {
		delete(sh.tats, victim)
	}
	sh.tats[h] = tat
	sh.peak = max(sh.peak, len(sh.tats))
}

// Len returns the number of keys, quota partitions
// (draft-ietf-httpapi-ratelimit-headers-11 §2), the store tracks.
func (s *MemoryStore) Len() int {
	n := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		n += len(sh.tats)
		sh.mu.Unlock()
	}
	return n
}

// Sweep forgets every full bucket, whose remaining quota (the r of
// RateLimit, draft-ietf-httpapi-ratelimit-headers-11 §4.1.1) is the whole
// burst, and returns how many it dropped. It holds one shard's lock at a
// time, for at most a few thousand entries. A shard that shrank to a
// quarter of its peak is copied into a fresh map, which returns the memory
// of the old one to the garbage collector. Sweep is optional: memory is
// bounded without it; call it from a ticker to give memory back after a
// burst of distinct keys.
func (s *MemoryStore) Sweep() int {
	dropped := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		now := s.clock.Micros()
		for k, v := range sh.tats {
			if v <= now {
				delete(sh.tats, k)
				dropped++
			}
		}
		if len(sh.tats) < sh.peak/4 {
			fresh := make(map[uint64]int64, len(sh.tats))
			for k, v := range sh.tats {
				fresh[k] = v
			}
			sh.tats, sh.peak = fresh, len(fresh)
		}
		sh.mu.Unlock()
	}
	return dropped
}

// newMemoryStoreAt returns the default store of a limit whose clock is
// now, or time.Now when now is nil.
func newMemoryStoreAt(now func() time.Time) *MemoryStore {
	if now == nil {
		return NewMemoryStore()
	}
	return NewMemoryStore(MemoryClock(now))
}

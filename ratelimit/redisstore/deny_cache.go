package redisstore

import (
	"encoding/binary"
	"hash/maphash"
	"math/bits"
	"sync"

	"github.com/fourxx/fourxx/ratelimit"
)

// denyCache is the local cache of [DenyCache]: a direct-mapped table from
// the hash of a Redis key to a lower bound of its bucket's theoretical
// arrival time in local Unix microseconds.
type denyCache struct {
	seed  maphash.Seed
	mask  uint64
	slots []denySlot
}

// denySlot is one entry of a denyCache, on its own cache line.
type denySlot struct {
	mu  sync.Mutex
	h   uint64
	tat int64
	_   [40]byte
}

// newDenyCache returns a cache of at least n slots.
func newDenyCache(n int) *denyCache {
	size := 1 << bits.Len(uint(n-1))
	return &denyCache{seed: maphash.MakeSeed(), mask: uint64(size - 1), slots: make([]denySlot, size)}
}

// hash is the seeded hash of a policy name and a key; the name's length
// keeps ("a:b", "c") and ("a", "b:c") apart.
func (c *denyCache) hash(name, key string) uint64 {
	var h maphash.Hash
	h.SetSeed(c.seed)
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(name)))
	_, _ = h.Write(n[:])
	_, _ = h.WriteString(name)
	_, _ = h.WriteString(key)
	return h.Sum64()
}

// decide returns the decision on the bucket of hash h at local time now
// when the cached bound is enough to deny it.
func (c *denyCache) decide(h uint64, p ratelimit.Policy, now int64, cost int) (ratelimit.Decision, bool) {
	sl := &c.slots[h&c.mask]
	sl.mu.Lock()
	tat, found := sl.tat, sl.h == h
	sl.mu.Unlock()
	if !found || tat <= now {
		return ratelimit.Decision{}, false
	}
	_, d := ratelimit.Decide(p, tat, now, cost)
	return d, !d.Allowed
}

// record keeps the state Redis reported for the bucket of hash h when it
// is empty, dated at sent, the local time the request was sent.
func (c *denyCache) record(h uint64, sent int64, d ratelimit.Decision) {
	if d.Remaining > 0 {
		return
	}
	sl := &c.slots[h&c.mask]
	tat := sent + d.Full.Microseconds()
	sl.mu.Lock()
	if sl.h != h || sl.tat < tat {
		sl.h, sl.tat = h, tat
	}
	sl.mu.Unlock()
}

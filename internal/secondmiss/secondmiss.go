// Package secondmiss decides when a cache of answers keeps one: on the
// second miss in a row for the same key. A flood that repeats a request
// is answered from the cache after its second request, while requests
// that take turns, or a scan of distinct values, allocate nothing to be
// kept only to be replaced at once.
package secondmiss

import (
	"hash/maphash"
	"sync/atomic"
)

// Gate remembers the key of the last miss of one cache, or of one slot of
// a cache. Keys are hashes (see [Hash]) or small integers: a collision
// only keeps an answer early, and a cache compares what it keeps before
// serving it, so a collision is never a wrong answer. The zero Gate
// remembers no key (but takes the key 2^64-1, a collision like any other,
// for one); it is safe for concurrent use.
type Gate struct{ last atomic.Uint64 }

// Repeats reports whether key is the key of the last miss, and remembers
// it as the last.
func (g *Gate) Repeats(key uint64) bool {
	// Stored plus one, so that the zero Gate holds no key.
	return g.last.Swap(key+1) == key+1
}

// seed seeds Hash, once per process.
var seed = maphash.MakeSeed()

// Hash returns the hash of s as a [Gate] key.
func Hash(s string) uint64 {
	return maphash.String(seed, s)
}

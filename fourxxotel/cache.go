package fourxxotel

import (
	"maps"
	"sync"
	"sync/atomic"
)

// maxCached bounds each cache: beyond it, values are built for every use
// instead of being kept.
const maxCached = 1024

// cache keeps values built from their keys, such as the precomputed
// attributes of one policy or one kind of refusal, so that recording them
// again allocates nothing. The map is copied on write: keys are few (they
// are label sets of low cardinality) and each is added once, while every
// request reads it.
type cache[K comparable, V any] struct {
	mu      sync.Mutex
	entries atomic.Pointer[map[K]V]
	build   func(K) V
}

func newCache[K comparable, V any](build func(K) V) *cache[K, V] {
	c := &cache[K, V]{build: build}
	c.entries.Store(&map[K]V{})
	return c
}

// get returns the value of k, building it on first use.
func (c *cache[K, V]) get(k K) V {
	if v, ok := (*c.entries.Load())[k]; ok {
		return v
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	old := *c.entries.Load()
	if v, ok := old[k]; ok {
		return v
	}
	v := c.build(k)
	if len(old) < maxCached {
		next := maps.Clone(old)
		next[k] = v
		c.entries.Store(&next)
	}
	return v
}

// Package lastrefusal keeps the last refusal that one middleware built
// from a request value, prepared (problem.Prepare): a flood repeating one
// request builds and encodes its answer once. Hooks and renderers must
// not modify a Details (problem.Hook), so the requests share it.
package lastrefusal

import (
	"strings"
	"sync/atomic"

	"github.com/fourxx/fourxx/internal/secondmiss"
	"github.com/fourxx/fourxx/problem"
)

// Cache keeps one refusal, by the request value it echoes. A refusal is
// kept only when two misses in a row are for the same value
// (secondmiss): requests that take turns with different values each get
// a refusal built for them alone, at the cost of an unprepared one, and
// keep nothing. The zero Cache keeps nothing yet; it is safe for
// concurrent use.
type Cache struct {
	last   atomic.Pointer[keyed]
	missed secondmiss.Gate
}

// keyed is the refusal built for one request value.
type keyed struct {
	key     string
	details *problem.Details
}

// MaxKey bounds the request values a Cache keeps: a refusal for a longer
// one is built per request.
const MaxKey = 256

// Of returns the refusal for the request value key, which alone decides
// what build returns. build must build the refusal from its argument
// only: a kept refusal is built from a copy of key, so that it does not
// keep the memory of the request that key may share.
func (c *Cache) Of(key string, build func(key string) problem.Details) *problem.Details {
	if d := c.Find(key); d != nil {
		return d
	}
	return c.Miss(key, build)
}

// Find returns the refusal kept for key, or nil.
func (c *Cache) Find(key string) *problem.Details {
	if last := c.last.Load(); last != nil && last.key == key {
		return last.details
	}
	return nil
}

// Miss returns the refusal for key, which Find did not have: built for
// this request, or prepared and kept when the last miss was for key too.
func (c *Cache) Miss(key string, build func(key string) problem.Details) *problem.Details {
	if len(key) > MaxKey || !c.missed.Repeats(secondmiss.Hash(key)) {
		d := build(key)
		return &d
	}
	k := &keyed{key: strings.Clone(key)}
	k.details = problem.Prepare(build(k.key))
	c.last.Store(k)
	return k.details
}

package middleware

import (
	"strings"
	"sync/atomic"

	"github.com/fourxx/fourxx/internal/secondmiss"
	"github.com/fourxx/fourxx/problem"
)

// lastRefusal keeps the last refusal that one middleware built, by the
// request value it echoes, prepared (problem.Prepare): a flood repeating
// one request builds and encodes its answer once. Hooks and renderers
// must not modify a Details (problem.Hook), so the requests share it.
//
// A refusal is kept only when two misses in a row are for the same value:
// requests that take turns with different values each get a refusal built
// for them alone, at the cost of an unprepared one, and keep nothing.
type lastRefusal struct {
	last   atomic.Pointer[keyedRefusal]
	missed secondmiss.Gate
}

// keyedRefusal is the refusal built for one request value.
type keyedRefusal struct {
	key     string
	details *problem.Details
}

// maxRefusalKey bounds the request values a lastRefusal keeps: a refusal
// for a longer one is built per request.
const maxRefusalKey = 256

// of returns the refusal for the request value key, which alone decides
// what build returns. build must build the refusal from its argument
// only: a kept refusal is built from a copy of key, so that it does not
// keep the memory of the request that key may share.
func (c *lastRefusal) of(key string, build func(key string) problem.Details) *problem.Details {
	if d := c.find(key); d != nil {
		return d
	}
	return c.miss(key, build)
}

// find returns the refusal kept for key, or nil.
func (c *lastRefusal) find(key string) *problem.Details {
	if last := c.last.Load(); last != nil && last.key == key {
		return last.details
	}
	return nil
}

// miss returns the refusal for key, which find did not have: built for
// this request, or prepared and kept when the last miss was for key too.
func (c *lastRefusal) miss(key string, build func(key string) problem.Details) *problem.Details {
	if len(key) > maxRefusalKey || !c.missed.Repeats(secondmiss.Hash(key)) {
		d := build(key)
		return &d
	}
	k := &keyedRefusal{key: strings.Clone(key)}
	k.details = problem.Prepare(build(k.key))
	c.last.Store(k)
	return k.details
}

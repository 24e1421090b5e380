package middleware

import (
	"strings"
	"sync/atomic"

	"github.com/fourxx/fourxx/problem"
)

// lastRefusal keeps the last refusal that one middleware built, by the
// request value it echoes, prepared (problem.Prepare): a flood repeating
// one request builds and encodes its answer once. Hooks and renderers
// must not modify a Details (problem.Hook), so the requests share it.
type lastRefusal struct {
	last atomic.Pointer[keyedRefusal]
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
// what build returns.
func (c *lastRefusal) of(key string, build func() problem.Details) *problem.Details {
	if d := c.find(key); d != nil {
		return d
	}
	return c.keep(key, build())
}

// find returns the refusal kept for key, or nil.
func (c *lastRefusal) find(key string) *problem.Details {
	if last := c.last.Load(); last != nil && last.key == key {
		return last.details
	}
	return nil
}

// keep returns d, the refusal for key, prepared and kept as the last one
// unless key is longer than maxRefusalKey.
func (c *lastRefusal) keep(key string, d problem.Details) *problem.Details {
	if len(key) > maxRefusalKey {
		return &d
	}
	// The key is copied: it may share the memory of a larger request.
	k := &keyedRefusal{key: strings.Clone(key), details: problem.Prepare(d)}
	c.last.Store(k)
	return k.details
}

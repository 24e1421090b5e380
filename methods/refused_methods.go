package methods

import (
	"net/http"
	"sync/atomic"

	"github.com/fourxx/fourxx/problem"
)

// refusedMethods caches, for one set of allowed methods of one
// constructor, the 405 answered to a method: direct-mapped by the method's
// length and first byte, so that a scan repeating a few methods builds
// and encodes each answer once (problem.Prepare).
type refusedMethods [16]atomic.Pointer[refusedMethod]

// refusedMethod is the 405 for one method.
// Hooks and renderers must not modify a Details (problem.Hook), so every
// such 405 shares it.
type refusedMethod struct {
	method  string
	details *problem.Details
}

// answer returns the 405 for method, whose target allows the methods of
// a; source names the constructor that c belongs to.
func (c *refusedMethods) answer(method string, a *allowed, source string) *problem.Details {
	var slot *atomic.Pointer[refusedMethod]
	if method == "" {
		slot = &c[0]
	} else {
		slot = &c[(len(method)+int(method[0]))%len(c)]
	}
	if m := slot.Load(); m != nil && m.method == method {
		return m.details
	}
	shown := methodForAnswer(method)
	m := &refusedMethod{
		method: method,
		details: problem.Prepare(problem.Details{
			Status: http.StatusMethodNotAllowed,
			Source: source,
			Detail: "This resource does not support the " + shown + " method; send one of " + a.header + ".",
			Extensions: map[string]any{
				"method": shown,
				"allow":  a.methods,
			},
		}),
	}
	slot.Store(m)
	return m.details
}

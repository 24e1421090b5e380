package methods

import "sync/atomic"

// refusedMethods caches, for one set of allowed methods, the parts of the
// 405 answered to a method: direct-mapped by the method's length and
// first byte, so that a scan repeating a few methods builds each answer
// once.
type refusedMethods [16]atomic.Pointer[refusedMethod]

// refusedMethod is the explanation and the extension members of the 405
// for one method. Hooks and renderers must not modify the members
// (problem.Hook), so every 405 to the method shares them.
type refusedMethod struct {
	method     string
	detail     string
	extensions map[string]any
}

// answer returns the parts of the 405 for method, whose target allows
// the methods of a.
func (c *refusedMethods) answer(method string, a allowed) *refusedMethod {
	var slot *atomic.Pointer[refusedMethod]
	if method == "" {
		slot = &c[0]
	} else {
		slot = &c[(len(method)+int(method[0]))%len(c)]
	}
	if m := slot.Load(); m != nil && m.method == method {
		return m
	}
	shown := methodForAnswer(method)
	m := &refusedMethod{
		method: method,
		detail: "This resource does not support the " + shown + " method; send one of " + a.header + ".",
		extensions: map[string]any{
			"method": shown,
			"allow":  a.methods,
		},
	}
	slot.Store(m)
	return m
}

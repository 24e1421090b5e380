// Package hookctx carries the hooks of package problem in a request
// context. problem installs and finds them here; middleware.Record embeds a
// [Context] in the memory it allocates per request anyway, which saves the
// allocations of a context.WithValue and its hook entry.
package hookctx

import "context"

// key is the context key under which a [Context] answers with its node.
type key struct{}

// Node is one hook installed for a request; Parent is the node installed
// before it, nil for the first.
type Node[H any] struct {
	Hook   H
	Parent *Node[H]
}

// Context is a context that carries one more hook than its parent. Its
// zero value is not usable: call [Context.Init] first.
type Context[H any] struct {
	context.Context
	node Node[H]
}

// Init makes c a child of parent that carries hook after the hooks parent
// carries.
func (c *Context[H]) Init(parent context.Context, hook H) {
	c.Context = parent
	c.node = Node[H]{Hook: hook, Parent: Find[H](parent)}
}

// Value returns c's hook node for the hook key, and asks the parent for
// any other key.
func (c *Context[H]) Value(k any) any {
	if k == (key{}) {
		return &c.node
	}
	return c.Context.Value(k)
}

// Find returns the innermost hook node ctx carries, or nil.
func Find[H any](ctx context.Context) *Node[H] {
	n, _ := ctx.Value(key{}).(*Node[H])
	return n
}

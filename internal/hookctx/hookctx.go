// Package hookctx carries what package problem keeps in a request
// context: the hooks, the renderer and the report-only policy, found in
// one lookup ([Lookup]) since a refusal needs all three. problem installs
// and finds them here; middleware.Record embeds a [Context] in the memory
// it allocates per request anyway, which saves the allocations of a
// context.WithValue and its hook entry.
package hookctx

import "context"

// key is the context key under which a context of this package answers
// with its [State].
type key struct{}

// Node is one hook installed for a request; Parent is the node installed
// before it, nil for the first.
type Node[H any] struct {
	Hook   H
	Parent *Node[H]
}

// State is what a request context carries for package problem: the
// innermost hook node, and what [Install] installed.
type State[H any] struct {
	Hooks     *Node[H]
	installed *Installed
}

// Installed returns what s has installed, the zero Installed for nothing.
func (s State[H]) Installed() Installed {
	if s.installed == nil {
		return Installed{}
	}
	return *s.installed
}

// Installed are the renderer and the report-only policy installed for a
// request: values of package problem's types, nil when none is.
type Installed struct {
	Renderer   any
	ReportOnly any
}

// Context is a context that carries one more hook than its parent. Its
// zero value is not usable: call [Context.Init] first.
type Context[H any] struct {
	context.Context
	node  Node[H]
	state State[H]
}

// Init makes c a child of parent that carries hook after the hooks parent
// carries, and what parent has installed.
func (c *Context[H]) Init(parent context.Context, hook H) {
	c.Context = parent
	c.state = Lookup[H](parent)
	c.node = Node[H]{Hook: hook, Parent: c.state.Hooks}
	c.state.Hooks = &c.node
}

// Value returns c's state for the state key, and asks the parent for any
// other key.
func (c *Context[H]) Value(k any) any {
	if k == (key{}) {
		return &c.state
	}
	return c.Context.Value(k)
}

// installedContext is a context that installs a renderer or a
// report-only policy, in one allocation.
type installedContext[H any] struct {
	context.Context
	installed Installed
	state     State[H]
}

func (c *installedContext[H]) Value(k any) any {
	if k == (key{}) {
		return &c.state
	}
	return c.Context.Value(k)
}

// Install returns a child of parent, whose state is s, that carries the
// hooks of s and installed in place of what s installed.
func Install[H any](parent context.Context, s State[H], installed Installed) context.Context {
	c := &installedContext[H]{Context: parent, installed: installed}
	c.state = State[H]{Hooks: s.Hooks, installed: &c.installed}
	return c
}

// Lookup returns the state ctx carries, the zero State when none.
func Lookup[H any](ctx context.Context) State[H] {
	if s, ok := ctx.Value(key{}).(*State[H]); ok {
		return *s
	}
	return State[H]{}
}

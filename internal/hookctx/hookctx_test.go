package hookctx_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/hookctx"
)

type otherKey struct{}

func TestContext(t *testing.T) {
	parent, cancel := context.WithCancel(context.WithValue(context.Background(), otherKey{}, "kept"))
	var outer, inner hookctx.Context[string]
	outer.Init(parent, "outer")
	inner.Init(&outer, "inner")
	child, cancelChild := context.WithCancel(&inner)
	defer cancelChild()

	var hooks []string
	for n := hookctx.Lookup[string](child).Hooks; n != nil; n = n.Parent {
		hooks = append(hooks, n.Hook)
	}
	assert.Equal(t, []string{"inner", "outer"}, hooks, "innermost first")
	assert.Equal(t, "kept", child.Value(otherKey{}))
	assert.Equal(t, hookctx.State[string]{}, hookctx.Lookup[string](parent))
	assert.Equal(t, hookctx.State[int]{}, hookctx.Lookup[int](child), "hooks of another type")

	require.NoError(t, child.Err())
	cancel()
	<-child.Done()
	assert.ErrorIs(t, child.Err(), context.Canceled)
	assert.ErrorIs(t, inner.Err(), context.Canceled)
}

// TestInstall checks that each context carries the state of its parent
// with its own change: a hook added, or what Install installs.
func TestInstall(t *testing.T) {
	var first hookctx.Context[string]
	first.Init(context.Background(), "first")
	installed := hookctx.Install(context.WithValue(&first, otherKey{}, "kept"), hookctx.Lookup[string](&first),
		hookctx.Installed{Renderer: "renderer", ReportOnly: "policy"})
	var second hookctx.Context[string]
	second.Init(installed, "second")

	got := hookctx.Lookup[string](&second)
	assert.Equal(t, hookctx.Installed{Renderer: "renderer", ReportOnly: "policy"}, got.Installed())
	require.NotNil(t, got.Hooks)
	assert.Equal(t, "second", got.Hooks.Hook)
	require.NotNil(t, got.Hooks.Parent)
	assert.Equal(t, "first", got.Hooks.Parent.Hook)
	assert.Nil(t, got.Hooks.Parent.Parent)
	assert.Equal(t, "kept", second.Value(otherKey{}))

	assert.Equal(t, hookctx.Installed{}, hookctx.Lookup[string](&first).Installed(), "a parent keeps its own state")
}

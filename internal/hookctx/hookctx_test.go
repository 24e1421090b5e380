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
	for n := hookctx.Find[string](child); n != nil; n = n.Parent {
		hooks = append(hooks, n.Hook)
	}
	assert.Equal(t, []string{"inner", "outer"}, hooks, "innermost first")
	assert.Equal(t, "kept", child.Value(otherKey{}))
	assert.Nil(t, hookctx.Find[string](parent))
	assert.Nil(t, hookctx.Find[int](child), "hooks of another type")

	require.NoError(t, child.Err())
	cancel()
	<-child.Done()
	assert.ErrorIs(t, child.Err(), context.Canceled)
	assert.ErrorIs(t, inner.Err(), context.Canceled)
}

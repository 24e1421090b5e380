package secondmiss

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestGateRepeats(t *testing.T) {
	var g Gate
	steps := []struct {
		key     uint64
		repeats bool
	}{
		{0, false}, {0, true}, {0, true}, {7, false}, {0, false}, {7, false}, {7, true},
	}
	for i, s := range steps {
		assert.Equal(t, s.repeats, g.Repeats(s.key), "step %d, key %d", i, s.key)
	}
}

func TestHashTellsStringsApart(t *testing.T) {
	assert.Equal(t, Hash("text/html"), Hash("text/html"))
	assert.NotEqual(t, Hash("text/html"), Hash("text/plain"))
}

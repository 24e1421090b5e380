package cachecontrol

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMarkPrivate(t *testing.T) {
	for _, tt := range []struct {
		name  string
		lines []string
		want  []string
	}{
		{"none", nil, []string{"private"}},
		{"added to a Cache-Control", []string{"max-age=60"}, []string{"max-age=60", "private"}},
		{"already private", []string{"private, max-age=60"}, []string{"private, max-age=60"}},
		{"no-store is stricter", []string{"no-store"}, []string{"no-store"}},
		{"no-store in a later line", []string{"max-age=0", "No-Store"}, []string{"max-age=0", "No-Store"}},
		{"public dropped", []string{"public, max-age=60"}, []string{"max-age=60", "private"}},
		{"public alone dropped", []string{"Public"}, []string{"private"}},
		{"public and private", []string{"public", "private"}, []string{"private"}},
		{"qualified private is not private", []string{`private="Set-Cookie"`}, []string{`private="Set-Cookie"`, "private"}},
	} {
		for _, other := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/other field=%t", tt.name, other), func(t *testing.T) {
				h := http.Header{}
				if tt.lines != nil {
					h["Cache-Control"] = slices.Clone(tt.lines)
				}
				if other {
					h["Vary"] = []string{"Origin"}
				}
				MarkPrivate(h)
				assert.Equal(t, tt.want, h["Cache-Control"])
				if other {
					assert.Equal(t, []string{"Origin"}, h["Vary"])
					assert.Len(t, h, 2)
				} else {
					assert.Len(t, h, 1)
				}
			})
		}
	}
}

// A handler that adds a Cache-Control line to one response leaves the line
// shared with every other response alone.
func TestMarkPrivateSharesNoCapacity(t *testing.T) {
	first, second := http.Header{}, http.Header{}
	MarkPrivate(first)
	MarkPrivate(second)
	first.Add("Cache-Control", "max-age=60")
	second.Add("Cache-Control", "no-transform")
	assert.Equal(t, []string{"private", "max-age=60"}, first["Cache-Control"])
	assert.Equal(t, []string{"private", "no-transform"}, second["Cache-Control"])
	assert.Equal(t, []string{"private"}, privateLine)
}

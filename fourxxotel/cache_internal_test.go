package fourxxotel

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCacheBounded(t *testing.T) {
	builds := 0
	c := newCache(func(k int) string { builds++; return strconv.Itoa(k) })
	for range 2 {
		for k := range maxCached + 10 {
			assert.Equal(t, strconv.Itoa(k), c.get(k))
		}
	}
	assert.Len(t, *c.entries.Load(), maxCached)
	assert.Equal(t, maxCached+2*10, builds, "kept values are built once, the others at every use")
}

package lastrefusal

import (
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"

	"github.com/fourxx/fourxx/problem"
)

// detailOf builds the refusal of value.
func detailOf(value string) problem.Details {
	return problem.Details{Status: 400, Detail: "refused " + value}
}

func TestCacheKeepsOnSecondMissInARow(t *testing.T) {
	var c Cache
	first := c.Of("a", detailOf)
	assert.Nil(t, c.Find("a"), "a first miss keeps nothing")
	assert.Equal(t, "refused a", first.Detail)
	c.Of("b", detailOf)
	c.Of("a", detailOf)
	assert.Nil(t, c.Find("a"), "values taking turns keep nothing")
	kept := c.Of("a", detailOf)
	assert.Same(t, kept, c.Find("a"), "the second miss in a row keeps")
	assert.Same(t, kept, c.Of("a", detailOf))
	assert.Equal(t, "refused a", kept.Detail)
}

func TestCacheKeepsACopyOfTheKey(t *testing.T) {
	var c Cache
	line := strings.Repeat("x", 64) + " tail"
	key := line[:64]
	c.Of(key, detailOf)
	c.Of(key, detailOf)
	kept := c.last.Load()
	if assert.NotNil(t, kept) {
		assert.Equal(t, key, kept.key)
		assert.NotSame(t, unsafe.StringData(line), unsafe.StringData(kept.key), "the request's bytes are not kept")
	}
}

func TestCacheKeepsNoLongValue(t *testing.T) {
	var c Cache
	long := strings.Repeat("v", MaxKey+1)
	for range 3 {
		assert.Equal(t, "refused "+long, c.Of(long, detailOf).Detail)
	}
	assert.Nil(t, c.last.Load())
}

package conditional

import (
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSingleWriterConflictKeptPerHoldAndTag(t *testing.T) {
	var c singleWriterConflicts
	since := time.Date(2026, 11, 25, 16, 0, 0, 0, time.UTC)
	line := "PUT /items/1 HTTP/1.1"
	hold := Holder{Method: line[:3], Path: line[4:12], Since: since}

	first := c.of(hold, `"v1"`)
	assert.Nil(t, c.last.Load(), "kept on the first miss")
	kept := c.of(hold, `"v1"`)
	require.NotNil(t, c.last.Load(), "not kept on the second miss in a row")
	assert.Same(t, kept, c.of(hold, `"v1"`), "a hit built a new 409")
	assert.Equal(t, first.Detail, kept.Detail)
	assert.Equal(t, first.Extensions, kept.Extensions)
	assert.Equal(t, "PUT /items/1", kept.Extensions["holder"])
	assert.NotSame(t, unsafe.StringData(line), unsafe.StringData(c.last.Load().holder.Method), "the kept 409 holds the request's memory")

	for name, other := range map[string]struct {
		hold Holder
		tag  string
	}{
		"another tag":    {hold, `"v2"`},
		"no tag":         {hold, ""},
		"a later hold":   {Holder{Method: "PUT", Path: "/items/1", Since: since.Add(time.Second)}, `"v1"`},
		"another method": {Holder{Method: "PATCH", Path: "/items/1", Since: since}, `"v1"`},
		"another path":   {Holder{Method: "PUT", Path: "/items/2", Since: since}, `"v1"`},
	} {
		d := c.of(other.hold, other.tag)
		assert.NotSame(t, kept, d, name)
		assert.Equal(t, singleWriterConflict409(other.hold, other.tag).Detail, d.Detail, name)
		tag, _ := d.Extensions["etag"].(string)
		assert.Equal(t, other.tag, tag, name)
	}
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		c.of(Holder{Method: "PUT", Path: "/items/1", Since: since}, `"v1"`)
	}), "a kept 409 allocates")
}

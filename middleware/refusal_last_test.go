package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/problem"
)

// TestLastRefusalIsKeptPerValue checks that a middleware whose refusal
// echoes a request value hands the requests that repeat the value the
// same refusal, and each other value its own: never another's.
func TestLastRefusalIsKeptPerValue(t *testing.T) {
	var seen []*problem.Details
	hook := problem.HookFunc(func(_ *http.Request, d *problem.Details) { seen = append(seen, d) })
	h := problem.WithHook(hook)(middleware.AllowHosts("example.com")(http.NotFoundHandler()))
	long := strings.Repeat("x", 300) + ".test"
	hosts := []string{"a.test", "a.test", "b.test", "a.test", long, long}
	for _, host := range hosts {
		rec := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Host = host
		h.ServeHTTP(rec, r)
		require.Equal(t, http.StatusBadRequest, rec.Code)
		assert.Contains(t, rec.Body.String(), `"host":"`+host+`"`)
	}
	require.Len(t, seen, len(hosts))
	assert.Same(t, seen[0], seen[1], "the same host")
	assert.NotSame(t, seen[1], seen[2], "another host")
	assert.NotSame(t, seen[0], seen[3], "the first host after another: built again")
	assert.NotSame(t, seen[4], seen[5], "a host too long to keep")
}

// TestValidQueryRefusalsEchoTheirQuery checks that a kept refusal of a
// malformed query is sent for that query only.
func TestValidQueryRefusalsEchoTheirQuery(t *testing.T) {
	h := middleware.ValidQuery()(http.NotFoundHandler())
	var bodies []string
	for _, query := range []string{"a=%zz", "a=b;c", "a=%zz"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/?"+query, nil))
		require.Equal(t, http.StatusBadRequest, rec.Code, query)
		assert.Contains(t, rec.Body.String(), `"query":"`+query+`"`)
		bodies = append(bodies, rec.Body.String())
	}
	assert.Equal(t, bodies[0], bodies[2])
}

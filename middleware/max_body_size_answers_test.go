package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

// TestMaxBodySizeAnswersFollowRequest checks that the 413s, whose last
// answer is kept for the next request, name the limit, length and delay
// of each request.
func TestMaxBodySizeAnswersFollowRequest(t *testing.T) {
	t.Parallel()
	h := middleware.MaxBodySize(10, middleware.MaxBodySizePerRequest(func(r *http.Request) (int64, time.Duration) {
		limit, _ := strconv.ParseInt(r.Header.Get("X-Limit"), 10, 64)
		wait, _ := time.ParseDuration(r.Header.Get("X-Wait"))
		return limit, wait
	}))(readBody)
	refuse := func(limit, wait string, length int) map[string]any {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(strings.Repeat("x", length)))
		r.Header.Set("X-Limit", limit)
		r.Header.Set("X-Wait", wait)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		require.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
		d := testserver.DecodeProblem(t, rec.Body.Bytes())
		assert.Contains(t, d.Detail, "declares "+strconv.Itoa(length)+" bytes")
		return d.Extensions
	}
	for range 2 {
		assert.Equal(t, map[string]any{"limit": 10.0, "length": 20.0}, refuse("", "", 20))
		assert.Equal(t, map[string]any{"limit": 10.0, "length": 30.0}, refuse("", "", 30))
		assert.Equal(t, map[string]any{"limit": 5.0, "length": 30.0}, refuse("5", "", 30))
		assert.Equal(t, map[string]any{"limit": 5.0, "length": 30.0, "retry_after": 2.0}, refuse("5", "2s", 30))
		assert.Equal(t, map[string]any{"limit": 5.0, "length": 30.0, "retry_after": 3.0}, refuse("5", "2100ms", 30))
	}
}

package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

// TestMaxURILengthAnswersFollowRequest checks that the 414s, whose last
// answer is kept for the next request, name the length of each target.
func TestMaxURILengthAnswersFollowRequest(t *testing.T) {
	t.Parallel()
	h := middleware.MaxURILength(10)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	refuse := func(target string) map[string]any {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		require.Equal(t, http.StatusRequestURITooLong, rec.Code)
		return testserver.DecodeProblem(t, rec.Body.Bytes()).Extensions
	}
	for range 2 {
		assert.Equal(t, map[string]any{"limit": 10.0, "length": 20.0}, refuse("/"+strings.Repeat("x", 19)))
		assert.Equal(t, map[string]any{"limit": 10.0, "length": 30.0}, refuse("/"+strings.Repeat("x", 29)))
	}
}

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
// echoes a request value keeps it once the value comes twice in a row,
// hands it to the requests that repeat the value, and to no other value;
// values that take turns are each answered with a refusal of their own.
func TestLastRefusalIsKeptPerValue(t *testing.T) {
	var seen []*problem.Details
	hook := problem.HookFunc(func(_ *http.Request, d *problem.Details) { seen = append(seen, d) })
	h := problem.WithHook(hook)(middleware.AllowHosts("example.com")(http.NotFoundHandler()))
	long := strings.Repeat("x", 300) + ".test"
	hosts := []string{"a.test", "a.test", "a.test", "b.test", "a.test", "b.test", long, long, long}
	for _, host := range hosts {
		rec := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Host = host
		h.ServeHTTP(rec, r)
		require.Equal(t, http.StatusBadRequest, rec.Code)
		assert.Contains(t, rec.Body.String(), `"host":"`+host+`"`)
	}
	require.Len(t, seen, len(hosts))
	assert.NotSame(t, seen[0], seen[1], "a first miss is not kept")
	assert.Same(t, seen[1], seen[2], "kept on the second miss in a row")
	assert.NotSame(t, seen[2], seen[3], "another host")
	assert.Same(t, seen[2], seen[4], "the kept host after another")
	assert.NotSame(t, seen[3], seen[5], "a host missed twice, not in a row")
	assert.NotSame(t, seen[7], seen[8], "a host too long to keep")
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

// TestLongExplanationsAreNotKept checks that PaymentGate and Authenticate
// keep no refusal for an explanation longer than any request value kept,
// however often it repeats.
func TestLongExplanationsAreNotKept(t *testing.T) {
	long := strings.Repeat("x", 300)
	bearer := middleware.BearerAuth("api", func(*http.Request, string) (any, error) {
		return nil, &middleware.AuthError{Detail: long}
	})
	for name, mw := range map[string]func(http.Handler) http.Handler{
		"PaymentGate":  middleware.PaymentGate(func(*http.Request) (bool, string) { return true, long }),
		"Authenticate": middleware.Authenticate(bearer),
	} {
		t.Run(name, func(t *testing.T) {
			var seen []*problem.Details
			hook := problem.HookFunc(func(_ *http.Request, d *problem.Details) { seen = append(seen, d) })
			h := problem.WithHook(hook)(mw(http.NotFoundHandler()))
			for range 3 {
				rec := httptest.NewRecorder()
				r := httptest.NewRequest(http.MethodGet, "/", nil)
				r.Header.Set("Authorization", "Bearer t")
				h.ServeHTTP(rec, r)
				assert.Contains(t, rec.Body.String(), long)
			}
			require.Len(t, seen, 3)
			assert.NotSame(t, seen[1], seen[2])
		})
	}
}

// TestLengthRefusalsKeptWhenRepeated checks that MaxURILength and
// MaxBodySize keep a refusal once the same length comes twice in a row,
// and not while lengths take turns.
func TestLengthRefusalsKeptWhenRepeated(t *testing.T) {
	lengths := []int{0, 1, 0, 1, 0, 0, 0}
	for name, c := range map[string]struct {
		mw  func(http.Handler) http.Handler
		req func(extra int) *http.Request
	}{
		"MaxURILength": {middleware.MaxURILength(10), func(extra int) *http.Request {
			return httptest.NewRequest(http.MethodGet, "/"+strings.Repeat("a", 20+extra), nil)
		}},
		"MaxBodySize": {middleware.MaxBodySize(10), func(extra int) *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("x"))
			r.ContentLength = int64(20 + extra)
			return r
		}},
	} {
		t.Run(name, func(t *testing.T) {
			var seen []*problem.Details
			hook := problem.HookFunc(func(_ *http.Request, d *problem.Details) { seen = append(seen, d) })
			h := problem.WithHook(hook)(c.mw(http.NotFoundHandler()))
			for _, extra := range lengths {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, c.req(extra))
				require.GreaterOrEqual(t, rec.Code, 400)
			}
			require.Len(t, seen, len(lengths))
			for i := 1; i < 6; i++ {
				assert.NotSame(t, seen[i-1], seen[i], "request %d", i)
			}
			assert.Same(t, seen[5], seen[6], "kept on the second miss in a row")
		})
	}
}

package ratelimit_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/ratelimit"
)

// TestTiers gives each plan its policy, one customer an override, and
// exempts health checks, over HTTP/1.1 and HTTP/2: each request is
// counted in its own policy's bucket and named in the fields.
func TestTiers(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	plan := func(r *http.Request) string {
		if r.Header.Get("X-Api-Key") == "customer-42" {
			return "customer-42"
		}
		return r.Header.Get("X-Plan")
	}
	for proto := range map[string]bool{"HTTP/1.1": true, "HTTP/2.0": true} {
		h := ratelimit.Limit(1, 1, ratelimit.LimitName("anonymous"), ratelimit.LimitClock(func() time.Time { return now }),
			ratelimit.LimitKey(ratelimit.KeyByHeader("X-Api-Key")),
			ratelimit.LimitTiers(plan,
				ratelimit.NewPolicy("free", 2, 2),
				ratelimit.NewPolicy("paid", 5, 5),
				ratelimit.NewPolicy("customer-42", 3, 3)),
			ratelimit.LimitExempt(func(r *http.Request) bool { return r.URL.Path == "/healthz" }))(ok)
		srv := testserver.Servers(t, h)[proto]
		passes := func(path string, headers ...string) (n int, policy string) {
			for range 10 {
				res, _ := get(t, srv.Client(), http.MethodGet, srv.URL+path, headers...)
				if res.StatusCode != http.StatusOK {
					assert.Equal(t, http.StatusTooManyRequests, res.StatusCode)
					return n, res.Header.Get("RateLimit-Policy")
				}
				n++
			}
			return n, ""
		}
		for _, tc := range []struct {
			name    string
			path    string
			headers []string
			passed  int
			policy  string
		}{
			{"anonymous", "/", []string{"X-Api-Key", "k1"}, 1, `"anonymous";q=1;w=1`},
			{"free", "/", []string{"X-Api-Key", "k1", "X-Plan", "free"}, 2, `"free";q=2;w=1`},
			{"paid, same key: a bucket of its own", "/", []string{"X-Api-Key", "k1", "X-Plan", "paid"}, 5, `"paid";q=5;w=1`},
			{"unknown plan: Limit's own", "/", []string{"X-Api-Key", "k2", "X-Plan", "gold"}, 1, `"anonymous";q=1;w=1`},
			{"override", "/", []string{"X-Api-Key", "customer-42", "X-Plan", "free"}, 3, `"customer-42";q=3;w=1`},
			{"exempt, even without a key", "/healthz", nil, 10, ""},
		} {
			passed, policy := passes(tc.path, tc.headers...)
			assert.Equal(t, tc.passed, passed, "%s: %s", proto, tc.name)
			assert.Equal(t, tc.policy, policy, "%s: %s", proto, tc.name)
		}
		res, _ := get(t, srv.Client(), http.MethodGet, srv.URL+"/healthz")
		assert.Empty(t, res.Header.Values("RateLimit"), "an exempt request gets no fields")
	}
}

func TestTiersPanics(t *testing.T) {
	t.Parallel()
	plan := func(*http.Request) string { return "" }
	free := ratelimit.NewPolicy("free", 1, 1)
	assert.PanicsWithValue(t, "ratelimit: LimitTiers: nil function", func() { ratelimit.LimitTiers(nil, free) })
	assert.PanicsWithValue(t, "ratelimit: LimitTiers: needs at least one Policy", func() { ratelimit.LimitTiers(plan) })
	assert.PanicsWithValue(t, `ratelimit: LimitTiers: policy name "" is empty or not printable ASCII`, func() {
		ratelimit.LimitTiers(plan, ratelimit.NewPolicy("", 1, 1))
	})
	assert.PanicsWithValue(t, "ratelimit: LimitTiers: policy {Name:x Interval:0s Burst:1} is invalid; build it with NewPolicy", func() {
		ratelimit.LimitTiers(plan, ratelimit.Policy{Name: "x", Burst: 1})
	})
	assert.PanicsWithValue(t, `ratelimit: LimitTiers: policy name "free" is used twice`, func() {
		ratelimit.Limit(1, 1, ratelimit.LimitTiers(plan, free, free))
	})
	assert.PanicsWithValue(t, `ratelimit: LimitTiers: policy name "free" is used twice`, func() {
		ratelimit.Limit(1, 1, ratelimit.LimitName("free"), ratelimit.LimitTiers(plan, free))
	})
	assert.PanicsWithValue(t, "ratelimit: LimitExempt: nil function", func() { ratelimit.LimitExempt(nil) })
}

// BenchmarkLimitTiers measures the pass path of a tiered Limit (the
// request's plan in a header) and of an exempt request.
func BenchmarkLimitTiers(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	start := time.Unix(1_700_000_000, 0)
	var ticks time.Duration
	ticking := func() time.Time { ticks += time.Millisecond; return start.Add(ticks) }
	h := ratelimit.Limit(1000, 10, ratelimit.LimitClock(ticking),
		ratelimit.LimitTiers(func(r *http.Request) string { return r.Header.Get("X-Plan") }, ratelimit.NewPolicy("paid", 2000, 20)),
		ratelimit.LimitExempt(func(r *http.Request) bool { return r.URL.Path == "/healthz" }))(ok)
	paid := httptest.NewRequest(http.MethodGet, "/items/42", nil)
	paid.RemoteAddr = "192.0.2.1:1234"
	paid.Header.Set("X-Plan", "paid")
	health := httptest.NewRequest(http.MethodGet, "/healthz", nil)
	for _, bm := range []struct {
		name string
		r    *http.Request
	}{{"pass-tier", paid}, {"exempt", health}} {
		b.Run(bm.name, func(b *testing.B) {
			w := httptest.NewRecorder()
			b.ReportAllocs()
			for b.Loop() {
				clear(w.Header())
				w.Body.Reset()
				h.ServeHTTP(w, bm.r)
			}
		})
	}
}

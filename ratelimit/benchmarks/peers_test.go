package benchmarks

import (
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/go-chi/httprate"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/ratelimit"
)

// Every limiter is configured so that no request of a benchmark is
// refused: they measure the cost of deciding and reporting, not of 429s.

// ok is the application handler: one 204, no body.
var ok = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })

// peer is one implementation under test.
type peer struct {
	name string
	new  func() http.Handler
}

// peers are the three implementations, and the bare handler.
var peers = []peer{
	{"bare", func() http.Handler { return ok }},
	{"fourxx", func() http.Handler { return ratelimit.Limit(1e6, 1<<33)(ok) }},
	{"fourxx-nofields", func() http.Handler {
		return ratelimit.Limit(1e6, 1<<33, ratelimit.LimitHeaders(ratelimit.FieldsNone))(ok)
	}},
	{"httprate", func() http.Handler {
		return httprate.LimitBy(1<<40, time.Hour, func(r *http.Request) (string, error) {
			host, _, _ := net.SplitHostPort(r.RemoteAddr)
			return httprate.CanonicalizeIP(host), nil
		})(ok)
	}},
	{"mutexmap", func() http.Handler { return newMutexMap(1e9, 1e9)(ok) }},
}

// newMutexMap is the rate limiter people write by hand: one
// *rate.Limiter per client IP in a map under one mutex, no headers, no
// memory bound.
func newMutexMap(r rate.Limit, burst int) func(http.Handler) http.Handler {
	var mu sync.Mutex
	limiters := make(map[string]*rate.Limiter)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			host, _, _ := net.SplitHostPort(req.RemoteAddr)
			mu.Lock()
			l, found := limiters[host]
			if !found {
				l = rate.NewLimiter(r, burst)
				limiters[host] = l
			}
			mu.Unlock()
			if !l.Allow() {
				http.Error(w, "too many requests", http.StatusTooManyRequests)
				return
			}
			next.ServeHTTP(w, req)
		})
	}
}

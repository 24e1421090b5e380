package ratelimit_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/internal/varytest"
	"github.com/fourxx/fourxx/ratelimit"
)

// TestRefusalsExtendEarlierVary checks the Vary of every 429 and 503 of
// the package behind a middleware that set fields of its own, Vary among
// them or not: an earlier Vary is extended with Accept, and the other
// fields leave Vary to be Accept alone.
func TestRefusalsExtendEarlierVary(t *testing.T) {
	refusals := []struct {
		name   string
		status int
		// refusing returns a handler that refuses the next request, and
		// what ends its set-up.
		refusing func() (h http.Handler, done func())
	}{
		{"Limit", 429, func() (http.Handler, func()) {
			return spend(ratelimit.Limit(rate.Every(time.Hour), 1, oneKey)(ok)), func() {}
		}},
		{"Limit fail closed", 503, func() (http.Handler, func()) {
			return ratelimit.Limit(1, 1, ratelimit.LimitStore(failingStore{}), ratelimit.LimitFailClosed(90*time.Second))(ok), func() {}
		}},
		{"Quota", 429, func() (http.Handler, func()) {
			return spend(ratelimit.Quota(1, ratelimit.Daily(time.UTC), oneKey)(ok)), func() {}
		}},
		{"Quota fail closed", 503, func() (http.Handler, func()) {
			return ratelimit.Quota(1, ratelimit.Daily(time.UTC), ratelimit.LimitStore(&brokenStore{}), ratelimit.LimitFailClosed(90*time.Second))(ok), func() {}
		}},
		{"Concurrency", 429, func() (http.Handler, func()) {
			b := newBlocking()
			h := ratelimit.Concurrency(1, oneKey)(b)
			served := make(chan struct{})
			go func() {
				h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
				close(served)
			}()
			<-b.entered
			return h, func() { close(b.release); <-served }
		}},
	}
	for _, rf := range refusals {
		for _, e := range varytest.Cases {
			t.Run(rf.name+"/"+e.Name, func(t *testing.T) {
				h, done := rf.refusing()
				defer done()
				rec := httptest.NewRecorder()
				for name, value := range e.Fields {
					rec.Header().Set(name, value)
				}
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
				assert.Equal(t, rf.status, rec.Code)
				assert.Equal(t, e.WantVary, rec.Header().Values("Vary"))
				if id, set := e.Fields["X-Request-Id"]; set {
					assert.Equal(t, id, rec.Header().Get("X-Request-Id"))
				}
			})
		}
	}
}

// spend sends h one request from the client of oneKey, which spends its
// one token, and returns h.
func spend(h http.Handler) http.Handler {
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	return h
}

package ratelimit_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"golang.org/x/time/rate"

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
	earlier := []struct {
		name     string
		fields   map[string]string
		wantVary []string
	}{
		{"none", nil, []string{"Accept"}},
		{"other field", map[string]string{"X-Request-Id": "1"}, []string{"Accept"}},
		{"Vary", map[string]string{"Vary": "Origin"}, []string{"Origin", "Accept"}},
		{"Vary and other field", map[string]string{"Vary": "Origin", "X-Request-Id": "1"}, []string{"Origin", "Accept"}},
		{"Vary naming Accept", map[string]string{"Vary": "Accept-Encoding, accept"}, []string{"Accept-Encoding, accept"}},
	}
	for _, rf := range refusals {
		for _, e := range earlier {
			t.Run(rf.name+"/"+e.name, func(t *testing.T) {
				h, done := rf.refusing()
				defer done()
				rec := httptest.NewRecorder()
				for name, value := range e.fields {
					rec.Header().Set(name, value)
				}
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
				assert.Equal(t, rf.status, rec.Code)
				assert.Equal(t, e.wantVary, rec.Header().Values("Vary"))
				if id, set := e.fields["X-Request-Id"]; set {
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

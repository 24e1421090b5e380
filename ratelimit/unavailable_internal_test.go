package ratelimit

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// downStore fails every call with one error.
type downStore struct{}

var errDown = errors.New("store down")

func (downStore) Take(context.Context, string, Policy, int) (Decision, error) {
	return Decision{}, errDown
}

func (downStore) Count(context.Context, string, Window, int) (int, bool, error) {
	return 0, false, errDown
}

func (downStore) Charge(context.Context, string, Policy, int) (Decision, error) {
	return Decision{}, errDown
}

// TestFailClosedRefusalAllocatesNothing checks that the 503 of a Limit or
// Quota whose store is down is built once: a failing store must not make
// each refusal dearer.
func TestFailClosedRefusalAllocatesNothing(t *testing.T) {
	ok := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	closed := LimitFailClosed(30 * time.Second)
	live := NewLivePolicy()
	setLive := Limit(1, 1, LimitStore(downStore{}), closed, LimitLive(live))(ok)
	assert.NoError(t, live.Set(2, 2))
	gold := func(*http.Request) string { return "gold" }
	for name, h := range map[string]http.Handler{
		"Limit":       Limit(1, 1, LimitStore(downStore{}), closed)(ok),
		"Quota":       Quota(1, Daily(time.UTC), LimitStore(downStore{}), closed)(ok),
		"a tier":      Limit(1, 1, LimitStore(downStore{}), closed, LimitTiers(gold, NewPolicy("gold", 10, 10)))(ok),
		"a live Set":  setLive,
		"ChargeAfter": Limit(1, 1, LimitStore(downStore{}), closed, LimitChargeAfter(CountStatus(http.StatusUnauthorized)))(ok),
	} {
		t.Run(name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.RemoteAddr = "192.0.2.1:1234"
			w := &headerOnly{h: http.Header{}}
			serve := func() {
				clear(w.h)
				h.ServeHTTP(w, r)
			}
			serve()
			assert.Equal(t, []string{"30"}, w.h["Retry-After"])
			assert.Equal(t, []string{"no-store"}, w.h["Cache-Control"])
			assert.Zero(t, testing.AllocsPerRun(100, serve))
		})
	}
}

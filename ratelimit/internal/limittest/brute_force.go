// Package limittest holds the scenarios every ratelimit.Store runs in its
// tests, so that the memory and the Redis store are held to the same
// behaviour.
package limittest

import (
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/internal/clocktest"
	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/ratelimit"
)

// KeyByBasicUser keys a request by the user-id of its Basic credentials,
// or "-" without them.
func KeyByBasicUser(r *http.Request) (string, error) {
	if user, _, ok := r.BasicAuth(); ok {
		return "user:" + user, nil
	}
	return "-", nil
}

// BruteForce runs the login scenario of ratelimit.LimitChargeAfter on store,
// whose clock is clock, under the policy name: 5 failed logins per 15
// minutes per account, counted from the 401s of middleware.Authenticate
// and, on a second route, from a handler's own 401s. The 6th wrong
// password gets 429 without reaching the credential check; a right one
// does not count; the window refills.
func BruteForce(t *testing.T, store ratelimit.Store, clock *clocktest.Fake, name string) {
	var checks atomic.Int64
	check := func(_ *http.Request, user, password string) (any, bool) {
		checks.Add(1)
		return user, user == "ann" && password == "right"
	}
	limit := func(route string) func(http.Handler) http.Handler {
		return ratelimit.Limit(rate.Every(15*time.Minute/5), 5,
			ratelimit.LimitChargeAfter(ratelimit.CountStatus(http.StatusUnauthorized)),
			ratelimit.LimitKey(ratelimit.JoinKeys(func(*http.Request) (string, error) { return route, nil }, KeyByBasicUser)),
			ratelimit.LimitStore(store), ratelimit.LimitName(name))
	}
	welcome := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "welcome") })
	ownCheck := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, password, _ := r.BasicAuth()
		if _, ok := check(r, user, password); !ok {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		_, _ = io.WriteString(w, "welcome")
	})
	mux := http.NewServeMux()
	mux.Handle("/authenticate", limit("authenticate")(middleware.Authenticate(middleware.BasicAuthFunc("login", check))(welcome)))
	mux.Handle("/own", limit("own")(ownCheck))
	srv := testserver.Start(t, mux)

	login := func(path, password string) *http.Response {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, srv.URL+path, nil)
		require.NoError(t, err)
		req.SetBasicAuth("ann", password)
		res, err := srv.Client().Do(req)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, res.Body)
		require.NoError(t, res.Body.Close())
		return res
	}
	for _, path := range []string{"/authenticate", "/own"} {
		t.Run(path, func(t *testing.T) {
			for i := range 4 {
				res := login(path, "wrong")
				require.Equal(t, http.StatusUnauthorized, res.StatusCode, "wrong password %d", i+1)
			}
			for range 3 {
				res := login(path, "right")
				require.Equal(t, http.StatusOK, res.StatusCode, "a right password passes and does not count")
				assert.Equal(t, `"`+name+`";r=0;t=180`, res.Header.Get("RateLimit"), "reported as if it failed")
			}
			assert.Equal(t, http.StatusUnauthorized, login(path, "wrong").StatusCode, "the 5th wrong password is checked")

			before := checks.Load()
			res := login(path, "wrong")
			assert.Equal(t, http.StatusTooManyRequests, res.StatusCode, "the 6th wrong password")
			assert.Equal(t, "180", res.Header.Get("Retry-After"))
			assert.Equal(t, http.StatusTooManyRequests, login(path, "right").StatusCode, "locked out, right or wrong")
			assert.Equal(t, before, checks.Load(), "a locked-out guess never reaches the credential check")

			clock.Advance(3 * time.Minute)
			assert.Equal(t, http.StatusUnauthorized, login(path, "wrong").StatusCode, "one attempt refilled")
			assert.Equal(t, http.StatusTooManyRequests, login(path, "wrong").StatusCode)

			clock.Advance(15 * time.Minute)
			for range 5 {
				assert.Equal(t, http.StatusUnauthorized, login(path, "wrong").StatusCode, "the window refilled")
			}
			assert.Equal(t, http.StatusTooManyRequests, login(path, "wrong").StatusCode)
			clock.Advance(time.Hour)
		})
	}
}

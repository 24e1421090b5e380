package ratelimit_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/cors"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/internal/clocktest"
	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/ratelimit"
)

// exposing is the go-chi/cors configuration the README shows: scripts on
// app.example may read the rate-limit fields, on a 429 too.
func exposing(passthrough bool) func(http.Handler) http.Handler {
	return cors.Handler(cors.Options{
		AllowedOrigins:     []string{"https://app.example"},
		AllowedMethods:     []string{"GET", "POST"},
		AllowedHeaders:     []string{"Authorization"},
		ExposedHeaders:     []string{"RateLimit", "RateLimit-Policy", "Retry-After"},
		OptionsPassthrough: passthrough,
	})
}

// corsRouter mounts go-chi/cors in front of a limit of one request per
// hour and Authenticate.
func corsRouter(passthrough bool, opts ...ratelimit.LimitOption) http.Handler {
	clock := clocktest.NewFake()
	r := chi.NewRouter()
	r.Use(exposing(passthrough))
	r.Use(ratelimit.Limit(rate.Every(time.Hour), 1, append([]ratelimit.LimitOption{ratelimit.LimitName("api"), ratelimit.LimitClock(clock.Now)}, opts...)...))
	r.Use(middleware.Authenticate(middleware.BasicAuth("api", map[string]string{"ann": "pw"})))
	r.Get("/items", ok)
	r.Options("/items", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	return r
}

func TestCORSExposesTheRateLimitFields(t *testing.T) {
	srv := testserver.Start(t, corsRouter(false))
	send := func() *http.Response {
		res, _ := get(t, srv.Client(), "GET", srv.URL+"/items", "Origin", "https://app.example", "Authorization", "Basic YW5uOnB3")
		return res
	}
	res := send()
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "https://app.example", res.Header.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "Ratelimit, Ratelimit-Policy, Retry-After", res.Header.Get("Access-Control-Expose-Headers"))
	assert.Equal(t, `"api";r=0;t=3600`, res.Header.Get("RateLimit"))

	res = send()
	require.Equal(t, http.StatusTooManyRequests, res.StatusCode)
	assert.Equal(t, "https://app.example", res.Header.Get("Access-Control-Allow-Origin"), "a script can read the 429")
	assert.Equal(t, "Ratelimit, Ratelimit-Policy, Retry-After", res.Header.Get("Access-Control-Expose-Headers"))
	assert.Equal(t, "3600", res.Header.Get("Retry-After"))
}

func TestCORSPreflightsPassUncharged(t *testing.T) {
	preflight := func(srv string, c *http.Client) *http.Response {
		res, _ := get(t, c, "OPTIONS", srv+"/items", "Origin", "https://app.example", "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "Authorization")
		return res
	}
	srv := testserver.Start(t, corsRouter(true))
	for range 3 {
		res := preflight(srv.URL, srv.Client())
		require.Equal(t, http.StatusNoContent, res.StatusCode, "neither the limit nor Authenticate refuses a preflight")
		assert.Equal(t, "https://app.example", res.Header.Get("Access-Control-Allow-Origin"))
		assert.Empty(t, res.Header.Get("RateLimit"), "a preflight is not charged")
	}
	res, _ := get(t, srv.Client(), "GET", srv.URL+"/items", "Origin", "https://app.example", "Authorization", "Basic YW5uOnB3")
	assert.Equal(t, http.StatusOK, res.StatusCode, "the real request finds its token")

	limited := testserver.Start(t, corsRouter(true, ratelimit.LimitPreflights()))
	assert.Equal(t, http.StatusNoContent, preflight(limited.URL, limited.Client()).StatusCode)
	assert.Equal(t, http.StatusTooManyRequests, preflight(limited.URL, limited.Client()).StatusCode, "LimitPreflights charges them")
}

func TestCORSPreflightsPassConcurrencyLimits(t *testing.T) {
	b := newBlocking()
	h := ratelimit.Concurrency(1, oneKey)(ratelimit.Limit(rate.Every(time.Hour), 1)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodOptions {
			b.ServeHTTP(w, r)
		}
	})))
	srv := testserver.Start(t, h)
	done := make(chan int)
	go func() {
		res, _ := get(t, srv.Client(), "GET", srv.URL)
		done <- res.StatusCode
	}()
	<-b.entered // holds the only slot and the only token
	res, _ := get(t, srv.Client(), "OPTIONS", srv.URL, "Origin", "https://app.example", "Access-Control-Request-Method", "GET")
	assert.Equal(t, http.StatusOK, res.StatusCode, "a preflight needs neither a slot nor a token")
	close(b.release)
	assert.Equal(t, http.StatusOK, <-done)
	res, _ = get(t, srv.Client(), "GET", srv.URL)
	assert.Equal(t, http.StatusTooManyRequests, res.StatusCode, "the real request was charged")
}

func TestCORSPreflightsChargedByOutcomeUnderChargeAfter(t *testing.T) {
	checks := 0
	login := func(answersOptions bool) http.Handler {
		clock := clocktest.NewFake()
		return ratelimit.Limit(rate.Every(time.Hour), 3, ratelimit.LimitClock(clock.Now), ratelimit.LimitChargeAfter(ratelimit.CountStatus(http.StatusUnauthorized)))(
			http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if answersOptions && r.Method == http.MethodOptions {
					w.WriteHeader(http.StatusNoContent)
					return
				}
				checks++ // a credential check, whatever the method
				w.WriteHeader(http.StatusUnauthorized)
			}))
	}
	forged := func(srv *httptest.Server) int {
		res, _ := get(t, srv.Client(), "OPTIONS", srv.URL+"/login", "Origin", "https://evil.example", "Access-Control-Request-Method", "POST")
		return res.StatusCode
	}
	careless := testserver.Start(t, login(false))
	var statuses []int
	for range 6 {
		statuses = append(statuses, forged(careless))
	}
	assert.Equal(t, 3, checks, "a handler that ignores the method checks at most the limit's credentials")
	assert.Equal(t, []int{401, 401, 401, 429, 429, 429}, statuses)

	careful := testserver.Start(t, login(true))
	for range 6 {
		assert.Equal(t, http.StatusNoContent, forged(careful), "a preflight answered without a charge is given its token back")
	}
}

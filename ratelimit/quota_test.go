package ratelimit_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/clocktest"
	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/ratelimit"
	"github.com/fourxx/fourxx/ratelimit/internal/limittest"
)

func TestQuotaResetsAtMidnightInItsZone(t *testing.T) {
	clock := clocktest.NewFake()
	limittest.DailyQuota(t, ratelimit.NewMemoryStore(ratelimit.MemoryClock(clock.Now)), clock, "daily")
}

func TestQuotaMonthly(t *testing.T) {
	clock := clocktest.NewFake() // 2023-11-14 22:13:20 UTC
	srv := testserver.Start(t, ratelimit.Quota(1, ratelimit.Monthly(time.UTC), ratelimit.LimitClock(clock.Now))(ok))
	res, _ := get(t, srv.Client(), "GET", srv.URL)
	assert.Equal(t, 200, res.StatusCode)
	assert.Equal(t, `"quota1-monthly";q=1;w=2592000`, res.Header.Get("RateLimit-Policy"), "November has 30 days")
	res, _ = get(t, srv.Client(), "GET", srv.URL)
	assert.Equal(t, 429, res.StatusCode)
	assert.Equal(t, "1388800", res.Header.Get("Retry-After"), "until December 1st")
	clock.Advance(1388800 * time.Second)
	res, _ = get(t, srv.Client(), "GET", srv.URL)
	assert.Equal(t, 200, res.StatusCode)
	assert.Equal(t, `"quota1-monthly";q=1;w=2678400`, res.Header.Get("RateLimit-Policy"), "December has 31")
}

func TestQuotaHandsOverageToPaymentGate(t *testing.T) {
	clock := clocktest.NewFake()
	pay := middleware.PaymentGate(func(*http.Request) (bool, string) {
		return true, "The free daily quota is used up; buy more to continue."
	}, middleware.PaymentGateLink("https://example.com/billing"))(ok)
	srv := testserver.Start(t, ratelimit.Quota(1, ratelimit.Daily(time.UTC), ratelimit.LimitName("free"), ratelimit.LimitOverQuota(pay), ratelimit.LimitClock(clock.Now))(ok))
	res, _ := get(t, srv.Client(), "GET", srv.URL)
	require.Equal(t, 200, res.StatusCode)
	res, body := get(t, srv.Client(), "GET", srv.URL)
	assert.Equal(t, http.StatusPaymentRequired, res.StatusCode)
	assert.Equal(t, `<https://example.com/billing>; rel="payment"`, res.Header.Get("Link"))
	assert.Equal(t, `"free";r=0;t=6400`, res.Header.Get("RateLimit"))
	assert.Empty(t, res.Header.Get("Retry-After"))
	assert.Contains(t, body, `"payment":"https://example.com/billing"`)
}

func TestQuotaConfigurationPanics(t *testing.T) {
	assert.PanicsWithValue(t, "ratelimit: Quota: n must be at least 1, got 0", func() { ratelimit.Quota(0, ratelimit.Daily(time.UTC)) })
	assert.PanicsWithValue(t, "ratelimit: Quota: the zero Period; use Daily or Monthly", func() { ratelimit.Quota(1, ratelimit.Period{}) })
	assert.PanicsWithValue(t, "ratelimit: Daily: nil location", func() { ratelimit.Daily(nil) })
	assert.PanicsWithValue(t, "ratelimit: Quota: the Store must implement Counter; ratelimit_test.takeOnly does not", func() {
		ratelimit.Quota(1, ratelimit.Daily(time.UTC), ratelimit.LimitStore(takeOnly{}))
	})
	assert.PanicsWithValue(t, "ratelimit: Quota: LimitChargeAfter and LimitQueue do not apply", func() {
		ratelimit.Quota(1, ratelimit.Daily(time.UTC), ratelimit.LimitQueue(1, time.Second))
	})
}

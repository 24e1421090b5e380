package ratelimit_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/internal/clocktest"
	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/ratelimit"
)

// TestRefusals runs every refusal of the package through the contract of
// problem.Write and compares the bytes with testdata/refusals.
func TestRefusals(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 16, 0, 0, 0, time.UTC)
	clock := ratelimit.LimitClock(func() time.Time { return now })
	oneKey := ratelimit.LimitKey(func(*http.Request) (string, error) { return "client", nil })
	// spent returns a limit of 2 per 10 s whose one bucket is empty.
	spent := func(opts ...ratelimit.LimitOption) http.Handler {
		h := ratelimit.Limit(0.2, 2, append([]ratelimit.LimitOption{oneKey, clock}, opts...)...)(ok)
		for range 2 {
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
		}
		return h
	}
	keyError := func(err error) ratelimit.LimitOption {
		return ratelimit.LimitKey(func(*http.Request) (string, error) { return "", err })
	}

	testserver.CheckRefusals(t, []testserver.Refusal{
		{Name: "Limit", Handler: spent(), Status: 429, Source: "ratelimit.Limit"},
		{Name: "LimitNamedBothFields", Handler: spent(ratelimit.LimitName(`api "v2"`), ratelimit.LimitHeaders(ratelimit.FieldsRateLimit|ratelimit.FieldsXRateLimit)),
			Status: 429, Source: "ratelimit.Limit"},
		{Name: "LimitNoFields", Handler: spent(ratelimit.LimitHeaders(ratelimit.FieldsNone)), Status: 429, Source: "ratelimit.Limit"},
		{Name: "LimitCost", Handler: spent(ratelimit.LimitCost(func(*http.Request) int { return 5 })), Method: "POST", Body: "{}",
			Status: 429, Source: "ratelimit.Limit"},
		{Name: "LimitNegativeCost", Handler: spent(ratelimit.LimitCost(func(*http.Request) int { return -1 })),
			Status: 500, Source: "ratelimit.Limit"},
		{Name: "LimitNoKey", Handler: ratelimit.Limit(1, 1, ratelimit.LimitKey(ratelimit.KeyByHeader("X-Api-Key")))(ok),
			Status: 400, Source: "ratelimit.Limit"},
		{Name: "LimitKeyWrapped", Handler: ratelimit.Limit(1, 1, keyError(errors.Join(ratelimit.ErrNoKey, errors.New("<tenant> & co"))))(ok),
			Status: 400, Source: "ratelimit.Limit"},
		{Name: "LimitKeyError", Handler: ratelimit.Limit(1, 1, keyError(errors.New("secret internals")))(ok),
			Status: 500, Source: "ratelimit.Limit"},
		{Name: "LimitFailClosed", Handler: ratelimit.Limit(1, 1, ratelimit.LimitStore(failingStore{}), ratelimit.LimitFailClosed(90*time.Second))(ok),
			Status: 503, Source: "ratelimit.Limit"},
		{Name: "QuotaNoKey", Handler: ratelimit.Quota(1, ratelimit.Daily(time.UTC), ratelimit.LimitKey(ratelimit.KeyByHeader("X-Api-Key")))(ok),
			Status: 400, Source: "ratelimit.Quota"},
		{Name: "QuotaNegativeCost", Handler: ratelimit.Quota(1, ratelimit.Daily(time.UTC), ratelimit.LimitCost(func(*http.Request) int { return -1 }))(ok),
			Status: 500, Source: "ratelimit.Quota"},
		{Name: "QuotaFailClosed", Handler: ratelimit.Quota(1, ratelimit.Daily(time.UTC), ratelimit.LimitStore(&brokenStore{}), ratelimit.LimitFailClosed(90*time.Second))(ok),
			Status: 503, Source: "ratelimit.Quota"},
	})
}

// TestLimitRefusalFollowsTheWait checks that the 429s cached per wait
// answer the wait of each request, also for two waits that share a cache
// slot.
func TestLimitRefusalFollowsTheWait(t *testing.T) {
	clock := clocktest.NewFake()
	h := ratelimit.Limit(rate.Every(time.Hour), 1, ratelimit.LimitClock(clock.Now))(ok)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	for _, retry := range []string{"3600", "3536", "3472", "3471"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		require.Equal(t, http.StatusTooManyRequests, rec.Code)
		assert.Equal(t, retry, rec.Header().Get("Retry-After"))
		d := testserver.DecodeProblem(t, rec.Body.Bytes())
		assert.Contains(t, d.Detail, "retry in "+retry+" s.")
		assert.Equal(t, retry, strconv.FormatFloat(d.Extensions["retry_after"].(float64), 'f', -1, 64))
		if retry == "3472" {
			clock.Advance(time.Second)
		} else {
			clock.Advance(64 * time.Second)
		}
	}
}

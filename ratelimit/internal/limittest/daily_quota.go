package limittest

import (
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin on systems without a zone database

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/clocktest"
	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/ratelimit"
)

// DailyQuota runs the calendar scenario of ratelimit.Quota on store, whose
// clock is clock, under the policy name: 3 requests a day, reset at
// midnight Europe/Berlin, across the days its clocks change (23 and 25
// hours long); and reset at the start of the day in America/Santiago,
// whose clocks skip midnight to 01:00 when they spring forward.
func DailyQuota(t *testing.T, store ratelimit.Store, clock *clocktest.Fake, name string) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	santiago, err := time.LoadLocation("America/Santiago")
	require.NoError(t, err)
	advanceTo := func(at time.Time) {
		t.Helper()
		require.True(t, at.After(clock.Now()))
		clock.Advance(at.Sub(clock.Now()))
	}
	// quota returns day, which checks a day's three requests of apiKey
	// and the refusal that follows, and send, under a daily quota in loc.
	quota := func(loc *time.Location, name string) (day func(apiKey string, window, untilReset int), send func(apiKey string) *http.Response) {
		limit := ratelimit.Quota(3, ratelimit.Daily(loc), ratelimit.LimitName(name), ratelimit.LimitStore(store), ratelimit.LimitClock(clock.Now),
			ratelimit.LimitKey(ratelimit.KeyByHeader("X-Api-Key")))
		srv := testserver.Start(t, limit(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") })))
		send = func(apiKey string) *http.Response {
			t.Helper()
			req, err := http.NewRequest(http.MethodGet, srv.URL, nil)
			require.NoError(t, err)
			req.Header.Set("X-Api-Key", apiKey)
			res, err := srv.Client().Do(req)
			require.NoError(t, err)
			_, _ = io.Copy(io.Discard, res.Body)
			require.NoError(t, res.Body.Close())
			return res
		}
		day = func(apiKey string, window, untilReset int) {
			t.Helper()
			policy := `"` + name + `";q=3;w=` + itoa(window)
			for r := 2; r >= 0; r-- {
				res := send(apiKey)
				require.Equal(t, http.StatusOK, res.StatusCode)
				assert.Equal(t, policy, res.Header.Get("RateLimit-Policy"))
				assert.Equal(t, `"`+name+`";r=`+itoa(r)+`;t=`+itoa(untilReset), res.Header.Get("RateLimit"))
			}
			res := send(apiKey)
			require.Equal(t, http.StatusTooManyRequests, res.StatusCode)
			assert.Equal(t, itoa(untilReset), res.Header.Get("Retry-After"), "refused until the day ends in "+loc.String())
			assert.Equal(t, policy, res.Header.Get("RateLimit-Policy"))
			assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
		}
		return day, send
	}

	day, _ := quota(santiago, name+"-santiago")
	advanceTo(time.Date(2024, 9, 7, 23, 30, 0, 0, santiago)) // -04; midnight is skipped
	day("a", 86_400, 1800)
	advanceTo(time.Date(2024, 9, 8, 1, 0, 0, 0, santiago)) // -03, the first instant of a 23-hour day
	day("a", 82_800, 82_800)

	day, send := quota(berlin, name)
	advanceTo(time.Date(2026, 3, 28, 22, 0, 0, 0, berlin))
	day("a", 86_400, 2*3600)
	assert.Equal(t, http.StatusOK, send("b").StatusCode, "every key has its own quota")

	advanceTo(time.Date(2026, 3, 29, 0, 0, 0, 0, berlin)) // spring forward: 23 hours
	day("a", 82_800, 82_800)
	advanceTo(time.Date(2026, 3, 29, 3, 30, 0, 0, berlin)) // after 02:00 CET became 03:00 CEST
	res := send("a")
	assert.Equal(t, http.StatusTooManyRequests, res.StatusCode)
	assert.Equal(t, itoa(20*3600+1800), res.Header.Get("Retry-After"), "2.5 hours of the 23 have passed")

	advanceTo(time.Date(2026, 10, 25, 0, 30, 0, 0, berlin)) // fall back: 25 hours
	day("a", 90_000, 25*3600-1800)
	advanceTo(time.Date(2026, 10, 25, 23, 59, 59, 0, berlin))
	assert.Equal(t, "1", send("a").Header.Get("Retry-After"))
	clock.Advance(time.Second)
	day("a", 86_400, 86_400)
}

// itoa formats n in decimal.
func itoa(n int) string {
	return strconv.Itoa(n)
}

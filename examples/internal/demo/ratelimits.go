package demo

import (
	"net/http"
	"time"

	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/ratelimit"
)

// globalRateLimit is the loose limit on every route: 20 requests per
// second per client IP, bursts of 40.
func globalRateLimit() func(http.Handler) http.Handler {
	return ratelimit.Limit(20, 40, ratelimit.LimitName("global"))
}

// writeRateLimit is the strict limit on replacing items: 10 PUTs at once
// per client and route, then one every 10 seconds.
func writeRateLimit() func(http.Handler) http.Handler {
	return ratelimit.Limit(rate.Every(10*time.Second), 10,
		ratelimit.LimitName("writes"),
		ratelimit.LimitKey(ratelimit.JoinKeys(ratelimit.KeyByRoute, ratelimit.KeyByIP)))
}

package demo

import (
	"net/http"
	"time"

	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/ratelimit"
)

// globalRateLimit is the loose limit on every route: 20 requests per
// second per client IP, bursts of 40, until PUT /admin/limits changes it;
// 100 per second, bursts of 200, on the paid plan. Clients on the exempt
// networks (10.0.0.0/8 until PUT /admin/limits changes them) are neither
// counted nor sent fields.
func globalRateLimit(l *live) func(http.Handler) http.Handler {
	return ratelimit.Limit(20, 40, ratelimit.LimitName("global"), ratelimit.LimitLive(l.global),
		ratelimit.LimitTiers(plan, ratelimit.NewPolicy("global-paid", 100, 200)),
		ratelimit.LimitExempt(l.exempt.Contains))
}

// plan is the request's rate-limit tier. The demo takes the plan from
// X-Plan as the client sends it; a real service derives it from the
// authenticated API key.
func plan(r *http.Request) string {
	if r.Header.Get("X-Plan") == "paid" {
		return "global-paid"
	}
	return ""
}

// writeRateLimit is the strict limit on replacing items: 10 PUTs at once
// per client and route, then one every 10 seconds.
func writeRateLimit() func(http.Handler) http.Handler {
	return ratelimit.Limit(rate.Every(10*time.Second), 10,
		ratelimit.LimitName("writes"),
		ratelimit.LimitKey(ratelimit.JoinKeys(ratelimit.KeyByRoute, ratelimit.KeyByIP)))
}

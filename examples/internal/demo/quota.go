package demo

import (
	"net/http"
	"time"
	_ "time/tzdata" // Europe/Berlin wherever the demo runs

	"github.com/fourxx/fourxx/middleware"
	"github.com/fourxx/fourxx/ratelimit"
)

// dailyCreates lets each client IP create 20 items a day, the day ending
// at midnight in Berlin; the 21st gets 402 with the page to buy more.
// Clients in the exempt networks are not counted.
func dailyCreates(exempt *ratelimit.ExemptNetworks) func(http.Handler) http.Handler {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	buyMore := middleware.PaymentGate(func(*http.Request) (bool, string) {
		return true, "The 20 items a day of the free plan are created; buy more or wait for midnight in Berlin."
	}, middleware.PaymentGateLink("https://example.com/billing"))(http.NotFoundHandler())
	return ratelimit.Quota(20, ratelimit.Daily(berlin), ratelimit.LimitName("creates-daily"), ratelimit.LimitOverQuota(buyMore),
		ratelimit.LimitExempt(exempt.Contains))
}

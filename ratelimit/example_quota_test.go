package ratelimit_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"
	_ "time/tzdata" // Europe/Berlin on systems without a zone database

	"github.com/fourxx/fourxx/ratelimit"
)

func ExampleQuota() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 3, 28, 22, 0, 0, 0, berlin) // two hours before midnight
	// 2 requests a day per API key, reset at midnight in Berlin.
	h := ratelimit.Quota(2, ratelimit.Daily(berlin), ratelimit.LimitName("daily"),
		ratelimit.LimitKey(ratelimit.KeyByHeader("X-Api-Key")),
		ratelimit.LimitClock(func() time.Time { return now }))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))

	for range 3 {
		req := httptest.NewRequest(http.MethodGet, "/report", nil)
		req.Header.Set("X-Api-Key", "k1")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Header().Get("RateLimit-Policy"), rec.Header().Get("RateLimit"), rec.Header().Values("Retry-After"))
	}
	// Output:
	// 200 "daily";q=2;w=86400 "daily";r=1;t=7200 []
	// 200 "daily";q=2;w=86400 "daily";r=0;t=7200 []
	// 429 "daily";q=2;w=86400 "daily";r=0;t=7200 [7200]
}

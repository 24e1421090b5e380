package ratelimit_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/ratelimit"
)

func ExampleKeyByHeader() {
	limit := ratelimit.Limit(rate.Every(time.Hour/1000), 1000,
		ratelimit.LimitName("api-key"),
		ratelimit.LimitKey(ratelimit.KeyByHeader("X-Api-Key")))
	h := limit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))

	for _, key := range []string{"k-123", ""} {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		if key != "" {
			req.Header.Set("X-Api-Key", key)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Header().Get("RateLimit"))
	}
	// Output:
	// 200 "api-key";r=999;t=4
	// 400
}

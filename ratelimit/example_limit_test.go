package ratelimit_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/go-chi/chi/v5"
	"golang.org/x/time/rate"

	"github.com/fourxx/fourxx/ratelimit"
)

func ExampleLimit() {
	r := chi.NewRouter()
	// Every client IP: 10 requests per second, bursts of 20.
	r.Use(ratelimit.Limit(10, 20, ratelimit.LimitName("global")))
	// Writes: 2 per minute per client on top of that.
	r.With(ratelimit.Limit(rate.Every(30*time.Second), 2, ratelimit.LimitName("writes"))).
		Put("/items/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })

	for range 3 {
		req := httptest.NewRequest(http.MethodPut, "/items/1", nil)
		req.RemoteAddr = "192.0.2.1:4321"
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, req)
		fmt.Println(rec.Code, rec.Header().Get("RateLimit-Policy"), rec.Header().Get("RateLimit"), rec.Header().Values("Retry-After"))
	}
	// Output:
	// 204 "global";q=20;w=2, "writes";q=2;w=60 "writes";r=1;t=30 []
	// 204 "global";q=20;w=2, "writes";q=2;w=60 "writes";r=0;t=30 []
	// 429 "global";q=20;w=2, "writes";q=2;w=60 "writes";r=0;t=30 [30]
}

package ratelimit_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/ratelimit"
)

func ExampleConcurrency() {
	r := chi.NewRouter()
	// Exports are expensive: 2 at once per client IP, 4 more may wait up
	// to 10 seconds for a slot.
	r.With(ratelimit.Concurrency(2, ratelimit.LimitName("exports"), ratelimit.LimitQueue(4, 10*time.Second))).
		Get("/export", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "data") })

	req := httptest.NewRequest(http.MethodGet, "/export", nil)
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("RateLimit-Policy"))
	// Output:
	// 200 "exports";q=2;qu="concurrent-requests"
}

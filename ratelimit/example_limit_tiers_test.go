package ratelimit_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/ratelimit"
)

func ExampleLimitTiers() {
	plan := func(r *http.Request) string { return r.Header.Get("X-Plan") } // set by your auth middleware
	h := ratelimit.Limit(10, 10, ratelimit.LimitName("anonymous"),
		ratelimit.LimitTiers(plan, ratelimit.NewPolicy("free", 50, 50), ratelimit.NewPolicy("paid", 500, 500)),
		ratelimit.LimitExempt(func(r *http.Request) bool { return r.URL.Path == "/healthz" }),
	)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))

	for _, p := range []string{"", "free", "paid"} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("X-Plan", p)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fmt.Println(w.Header().Get("RateLimit-Policy"))
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	fmt.Printf("%q\n", w.Header().Get("RateLimit-Policy"))
	// Output:
	// "anonymous";q=10;w=1
	// "free";q=50;w=1
	// "paid";q=500;w=1
	// ""
}

package ratelimit_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/ratelimit"
)

func ExampleLivePolicy() {
	live := ratelimit.NewLivePolicy()
	h := ratelimit.Limit(1, 2, ratelimit.LimitName("api"), ratelimit.LimitLive(live))(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	policy := func() string {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
		return w.Header().Get("RateLimit-Policy")
	}
	fmt.Println(policy())

	// An admin endpoint raises the limit while serving.
	err := live.Set(50, 100)
	fmt.Println(err, policy())
	// Output:
	// "api";q=2;w=2
	// <nil> "api";q=100;w=2
}

package ratelimit_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/ratelimit"
)

func ExampleNewExemptNetworks() {
	internal := ratelimit.NewExemptNetworks("10.0.0.0/8")
	h := ratelimit.Limit(10, 20, ratelimit.LimitExempt(internal.Contains))(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	fields := func(peer string) int {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = peer
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return len(w.Header().Values("RateLimit"))
	}
	fmt.Println(fields("10.0.0.5:1234"), fields("192.0.2.1:1234"))

	// The monitoring service moved: exempt its new network instead.
	err := internal.Set("10.0.0.0/8", "192.0.2.0/24")
	fmt.Println(err, fields("192.0.2.1:1234"))
	// Output:
	// 0 1
	// <nil> 0
}

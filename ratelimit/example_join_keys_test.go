package ratelimit_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/fourxx/fourxx/ratelimit"
)

func ExampleJoinKeys() {
	// One bucket per API key and client IP.
	key := ratelimit.JoinKeys(ratelimit.KeyByHeader("X-Api-Key"), ratelimit.KeyByIP)
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "192.0.2.1:443"
	r.Header.Set("X-Api-Key", "k-123")
	k, _ := key(r)
	fmt.Printf("%q\n", k)

	r.Header.Del("X-Api-Key")
	_, err := key(r)
	fmt.Println(err)

	h := ratelimit.Limit(1, 1, ratelimit.LimitKey(key))(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	fmt.Println(rec.Code, strings.Contains(rec.Body.String(), "send the X-Api-Key header"))
	// Output:
	// "k-123\x00192.0.2.1"
	// ratelimit: no rate-limit key: send the X-Api-Key header
	// 400 true
}

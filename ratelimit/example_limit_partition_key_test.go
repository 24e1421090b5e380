package ratelimit_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/ratelimit"
)

func ExampleLimitPartitionKey() {
	h := ratelimit.Limit(10, 20, ratelimit.LimitName("api"), ratelimit.LimitKey(ratelimit.KeyByHeader("X-Api-Key")),
		ratelimit.LimitPartitionKey([]byte("a secret of at least 16 bytes")),
	)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))

	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("X-Api-Key", "k-123")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Println(w.Header().Get("RateLimit"))
	// Output:
	// "api";r=19;t=1;pk=:PuasOOrWefxutgmALs85Kw==:
}

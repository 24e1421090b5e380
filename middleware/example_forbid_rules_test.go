package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleNewForbidRules() {
	blocklist := middleware.NewForbidRules([]middleware.AccessRule{
		{CIDRs: []string{"203.0.113.0/24"}, Reason: "This network is blocked."},
	})
	h := middleware.Forbid(nil, middleware.ForbidRulesFrom(blocklist))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "served")
	}))
	status := func() int {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = "198.51.100.7:4321"
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	fmt.Println(status())

	// An admin endpoint or a file watcher replaces the blocklist while serving.
	err := blocklist.Set([]middleware.AccessRule{
		{CIDRs: []string{"203.0.113.0/24", "198.51.100.0/24"}, Reason: "This network is blocked."},
	})
	fmt.Println(err, status())
	// Output:
	// 200
	// <nil> 403
}

package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleNewGonePaths() {
	removed := middleware.NewGonePaths([]middleware.GonePath{{Pattern: "/v1/*", Successor: "/v2/"}})
	h := middleware.Gone(nil, middleware.GonePathsFrom(removed))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "served")
	}))
	status := func(path string) int {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		return w.Code
	}
	fmt.Println(status("/v1/items"), status("/v2/items"))

	// Retire /v2 too, without a restart.
	err := removed.Set([]middleware.GonePath{{Pattern: "/v1/*"}, {Pattern: "/v2/*"}})
	fmt.Println(err, status("/v2/items"))
	// Output:
	// 410 200
	// <nil> 410
}

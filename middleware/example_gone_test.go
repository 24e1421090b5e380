package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleGone() {
	r := chi.NewRouter()
	r.Use(middleware.Gone([]middleware.GonePath{
		{Pattern: "/v1/*", Successor: "/v2/", Detail: "API v1 was switched off on 2025-01-01; use /v2/."},
		{Pattern: "/blog/2019/{slug}"},
	}))
	r.Get("/v2/*", func(w http.ResponseWriter, r *http.Request) {})

	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v1/items/1", nil))
	fmt.Println(rec.Code, rec.Header().Get("Link"))
	fmt.Print(rec.Body.String())
	// Output:
	// 410 </v2/>; rel="successor-version"
	// {"type":"about:blank","title":"Gone","status":410,"detail":"API v1 was switched off on 2025-01-01; use /v2/.","successor":"/v2/"}
}

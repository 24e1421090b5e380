package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleMaxURILength() {
	r := chi.NewRouter()
	r.Use(middleware.MaxURILength(0)) // 32 KiB for every route
	r.With(middleware.MaxURILength(64)).Get("/search", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "results")
	})

	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/search?q="+strings.Repeat("go", 40), nil))
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	fmt.Print(rec.Body.String())
	// Output:
	// 414 application/problem+json
	// {"type":"about:blank","title":"URI Too Long","status":414,"detail":"The request-target is 90 bytes long; this server accepts at most 64 bytes.","length":90,"limit":64}
}

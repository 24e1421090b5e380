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
	r.Use(middleware.MaxURILength(middleware.DefaultMaxURILength)) // 32 KiB for every route
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

func ExampleSingletonHeaders() {
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	h := middleware.SingletonHeaders()(app) // DefaultSingletonHeaders()

	req := httptest.NewRequest(http.MethodGet, "/account", nil)
	req.Header.Add("Authorization", "Bearer alice")
	req.Header.Add("Authorization", "Bearer mallory")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code)
	fmt.Print(rec.Body.String())
	// Output:
	// 400
	// {"type":"about:blank","title":"Bad Request","status":400,"detail":"The request has 2 Authorization fields with different values; Authorization takes one value. Send it once.","count":2,"header":"Authorization"}
}

func ExampleValidQuery() {
	search := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, r.URL.Query()) })
	h := middleware.ValidQuery()(search)

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/search?q=100%&page=2", nil))
	fmt.Println(rec.Code)
	fmt.Print(rec.Body.String())
	// Output:
	// 400
	// {"type":"about:blank","title":"Bad Request","status":400,"detail":"The query string is malformed: invalid URL escape \"%\". Percent-encode % as %25 and separate pairs with \u0026.","query":"q=100%\u0026page=2"}
}

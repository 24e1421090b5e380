package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/middleware"
)

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

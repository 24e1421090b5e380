package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/middleware"
)

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

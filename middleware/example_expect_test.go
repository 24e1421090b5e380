package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleExpect() {
	h := middleware.Expect()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))

	for _, expect := range []string{"100-Continue", "100-continue, x-priority"} {
		req := httptest.NewRequest(http.MethodPost, "/items", nil)
		req.Header.Set("Expect", expect)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(rec.Code)
		fmt.Print(rec.Body.String())
	}
	// Output:
	// 204
	// 417
	// {"type":"about:blank","title":"Expectation Failed","status":417,"detail":"This server cannot meet the expectation \"x-priority\"; the only one it supports is 100-continue. Repeat the request without it.","expectation":"x-priority"}
}

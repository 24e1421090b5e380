package middleware_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleRequireContentLength() {
	h := middleware.RequireContentLength()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))

	req := httptest.NewRequest(http.MethodPut, "/items/1", io.NopCloser(strings.NewReader(`{"name":"mug"}`)))
	req.ContentLength = -1 // as for a chunked body
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code)
	fmt.Print(rec.Body.String())
	// Output:
	// 411
	// {"type":"about:blank","title":"Length Required","status":411,"detail":"A PUT request to this resource must declare the size of its content: send a Content-Length header, not a body of unknown length.","method":"PUT"}
}

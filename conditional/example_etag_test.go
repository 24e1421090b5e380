package conditional_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/conditional"
)

func ExampleETag() {
	h := conditional.ETag()(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "hello, world")
	}))

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	tag := rec.Header().Get("ETag")
	fmt.Println(rec.Code, tag, rec.Header().Get("Content-Length"))

	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("If-None-Match", tag)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body.Len())
	// Output:
	// 200 "d-eab812c9815a467b" 13
	// 304 0
}

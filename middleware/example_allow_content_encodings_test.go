package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleAllowContentEncodings() {
	upload := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	h := middleware.AllowContentEncodings("gzip")(upload)

	req := httptest.NewRequest(http.MethodPut, "/files/a.txt", strings.NewReader("..."))
	req.Header.Set("Content-Encoding", "br")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Accept-Encoding"))
	fmt.Print(rec.Body.String())
	// Output:
	// 415 identity, gzip
	// {"type":"about:blank","title":"Unsupported Media Type","status":415,"detail":"This resource does not accept content encoded with \"br\". Send it unencoded or encoded with: gzip.","accepted":["identity","gzip"],"content_encoding":"br"}
}

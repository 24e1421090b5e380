package problem_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/problem"
)

func ExamplePrepare() {
	// Built once, sent to every request that asks for a method the
	// resource does not serve.
	notAllowed := problem.Prepare(problem.Details{
		Status:     http.StatusMethodNotAllowed,
		Detail:     "This resource serves GET and HEAD.",
		Extensions: map[string]any{"allowed": []string{"GET", "HEAD"}},
	})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", "GET, HEAD")
		problem.Write(w, r, notAllowed)
	})

	for _, accept := range []string{"", "text/plain"} {
		r := httptest.NewRequest(http.MethodPut, "/items/42", nil)
		r.Header.Set("Accept", accept)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		fmt.Println(rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Content-Length"))
		fmt.Print(rec.Body.String())
	}
	// Output:
	// 405 application/problem+json 136
	// {"type":"about:blank","title":"Method Not Allowed","status":405,"detail":"This resource serves GET and HEAD.","allowed":["GET","HEAD"]}
	// 405 text/plain; charset=utf-8 80
	// 405 Method Not Allowed
	//
	// This resource serves GET and HEAD.
	//
	// allowed: [GET HEAD]
}

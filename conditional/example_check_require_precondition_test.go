package conditional_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/conditional"
)

func ExampleCheckRequirePrecondition() {
	state := func(r *http.Request) (conditional.State, error) {
		return conditional.State{Exists: true, ETag: `"v7"`}, nil
	}
	h := conditional.Check(state, conditional.CheckRequirePrecondition())(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "saved")
	}))

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPut, "/items/42", nil))
	fmt.Println(rec.Code, rec.Header().Get("Cache-Control"))
	fmt.Print(rec.Body.String())

	for _, tag := range []string{`"v6"`, `"v7"`} {
		req := httptest.NewRequest(http.MethodPut, "/items/42", nil)
		req.Header.Set("If-Match", tag)
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(tag, rec.Code)
	}
	// Output:
	// 428 no-store
	// {"type":"about:blank","title":"Precondition Required","status":428,"detail":"This server requires a conditional request for PUT to prevent lost updates: fetch the resource and resend with If-Match set to its ETag, currently If-Match: \"v7\".","etag":"\"v7\"","required":["If-Match","If-Unmodified-Since"]}
	// "v6" 412
	// "v7" 200
}

package conditional_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/conditional"
)

func ExampleCheckAlreadyApplied() {
	// Item 42 is at version 8; its content is "done".
	state := func(r *http.Request) (conditional.State, error) {
		return conditional.State{Exists: true, ETag: `"v8"`}, nil
	}
	// A retried PUT whose first attempt made version 8: its If-Match names
	// version 7, but its content is what is stored.
	applied := func(r *http.Request, current conditional.State) bool {
		return r.Header.Get("X-Content") == "done"
	}
	h := conditional.Check(state, conditional.CheckAlreadyApplied(applied))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "saved")
	}))
	for _, content := range []string{"done", "other"} {
		req := httptest.NewRequest(http.MethodPut, "/items/42", nil)
		req.Header.Set("If-Match", `"v7"`)
		req.Header.Set("X-Content", content)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(content, rec.Code, rec.Header().Get("ETag"))
	}
	// Output:
	// done 204 "v8"
	// other 412
}

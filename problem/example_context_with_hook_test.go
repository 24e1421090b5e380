package problem_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/problem"
)

func ExampleContextWithHook() {
	// A middleware that needs its own hook per request, such as an access
	// log, installs it in the request's context instead of using WithHook.
	logRejections := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var refusedBy string
			hook := problem.HookFunc(func(r *http.Request, d *problem.Details) { refusedBy = d.Source })
			next.ServeHTTP(w, r.WithContext(problem.ContextWithHook(r.Context(), hook)))
			fmt.Println(r.Method, r.URL.Path, "refused by", refusedBy)
		})
	}
	h := logRejections(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		problem.Write(w, r, &problem.Details{Status: http.StatusNotFound, Source: "example.Lookup"})
	}))

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/items/9", nil))
	fmt.Println(rec.Code)
	// Output:
	// GET /items/9 refused by example.Lookup
	// 404
}

package problem_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/problem"
)

func ExampleWithReportOnly() {
	// A rule of your own refuses like a fourxx rule: it asks Enforce first.
	deny := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			d := &problem.Details{Status: http.StatusGone, Source: "middleware.Gone", Detail: "Removed."}
			if !problem.Enforce(r, d) {
				next.ServeHTTP(w, r)
				return
			}
			problem.Write(w, r, d)
		})
	}
	watch := problem.HookFunc(func(_ *http.Request, d *problem.Details) {
		fmt.Println("would reject:", d.Source, d.Status, "report only:", d.ReportOnly)
	})
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "served") })
	h := problem.WithHook(watch)(problem.WithReportOnly([]string{"middleware.Gone"})(deny(ok)))

	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/old", nil))
	fmt.Println(w.Code, w.Body)
	// Output:
	// would reject: middleware.Gone 410 report only: true
	// 200 served
}

package problem_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/problem"
)

func ExampleWithRenderer() {
	plain := problem.RendererFunc(func(w http.ResponseWriter, r *http.Request, d *problem.Details) {
		http.Error(w, d.Detail, d.Status)
	})
	h := problem.WithRenderer(plain)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		problem.Write(w, r, &problem.Details{Status: http.StatusGone, Detail: "This item was removed."})
	}))

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/items/7", nil))
	fmt.Println(rec.Code)
	fmt.Print(rec.Body.String())
	// Output:
	// 410
	// This item was removed.
}

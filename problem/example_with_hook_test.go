package problem_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/problem"
)

func ExampleWithHook() {
	rejections := map[string]int{}
	count := problem.HookFunc(func(r *http.Request, d *problem.Details) {
		rejections[d.Source]++
	})
	h := problem.WithHook(count)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		problem.Write(w, r, &problem.Details{Status: http.StatusForbidden, Source: "example.Deny"})
	}))

	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	fmt.Println(rejections)
	// Output:
	// map[example.Deny:2]
}

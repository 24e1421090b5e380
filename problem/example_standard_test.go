package problem_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/problem"
)

func ExampleStandard() {
	rd := problem.Standard{
		Types:  map[int]string{http.StatusTooManyRequests: "https://example.com/probs/slow-down"},
		Titles: map[int]string{http.StatusTooManyRequests: "Slow down"},
	}
	rec := httptest.NewRecorder()
	rd.Render(rec, httptest.NewRequest(http.MethodGet, "/", nil), &problem.Details{Status: http.StatusTooManyRequests})
	fmt.Print(rec.Body.String())
	// Output:
	// {"type":"https://example.com/probs/slow-down","title":"Slow down","status":429}
}

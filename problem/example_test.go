package problem_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/problem"
)

func ExampleWrite() {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		problem.Write(w, r, &problem.Details{
			Status:     http.StatusConflict,
			Detail:     "Item 42 was changed by another request.",
			Extensions: map[string]any{"etag": `"v2"`},
		})
	})

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPut, "/items/42", nil))
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	fmt.Print(rec.Body.String())
	// Output:
	// 409 application/problem+json
	// {"type":"about:blank","title":"Conflict","status":409,"detail":"Item 42 was changed by another request.","etag":"\"v2\""}
}

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

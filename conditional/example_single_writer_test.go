package conditional_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/fourxx/fourxx/conditional"
)

func ExampleSingleWriter() {
	clock := func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
	var h http.Handler
	h = conditional.SingleWriter(func(r *http.Request) string { return r.URL.Path }, conditional.SingleWriterClock(clock))(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPut {
				// A second write to the same item while this one runs.
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodDelete, "/items/42", nil))
				fmt.Println(rec.Code)
				fmt.Print(rec.Body.String())
			}
		}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPut, "/items/42", nil))
	// Output:
	// 409
	// {"type":"about:blank","title":"Conflict","status":409,"detail":"Another request (PUT /items/42) has been changing this resource since 2026-01-02T03:04:05Z. Retry when it is done: fetch the resource again and resend with If-Match set to its new ETag.","holder":"PUT /items/42","since":"2026-01-02T03:04:05Z"}
}

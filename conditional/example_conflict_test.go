package conditional_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/conditional"
)

func ExampleConflict() {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The stored item is at version 8; the client edited version 7.
		conditional.Conflict(w, r, "You edited version 7 of item 42; it is now at version 8.", conditional.State{Exists: true, ETag: `"v8"`})
	})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPatch, "/items/42", nil))
	fmt.Println(rec.Code)
	fmt.Print(rec.Body.String())
	// Output:
	// 409
	// {"type":"about:blank","title":"Conflict","status":409,"detail":"You edited version 7 of item 42; it is now at version 8.","etag":"\"v8\""}
}

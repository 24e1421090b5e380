package middleware_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleAllowHosts() {
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "hello", r.Host) })
	h := middleware.AllowHosts("example.com", "*.example.com", "localhost:8080")(app)

	for _, host := range []string{"api.example.com", "evil.test"} {
		req := httptest.NewRequest(http.MethodGet, "/reset-password", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		fmt.Println(rec.Code)
		fmt.Print(rec.Body.String())
	}
	// Output:
	// 200
	// hello api.example.com
	// 400
	// {"type":"about:blank","title":"Bad Request","status":400,"detail":"This server does not answer for the host \"evil.test\". Send the request to one of its own names.","host":"evil.test"}
}

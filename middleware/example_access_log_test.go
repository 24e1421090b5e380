package middleware_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleAccessLog() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "duration" {
				return slog.Attr{} // keep the example's output stable
			}
			return a
		},
	}))
	r := chi.NewRouter()
	r.Use(middleware.AccessLog(logger))
	r.Use(middleware.MaxURILength(32))
	r.Get("/items/{id}", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "teapot") })

	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/items/7", nil))
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/items/"+strings.Repeat("7", 40), nil))
	// Output:
	// level=INFO msg=request method=GET route=/items/{id} path=/items/7 status=200 bytes=6 client_ip=192.0.2.1
	// level=WARN msg=request method=GET route="" path=/items/7777777777777777777777777777777777777777 status=414 bytes=168 client_ip=192.0.2.1 rejected_by=middleware.MaxURILength reason="The request-target is 47 bytes long; this server accepts at most 32 bytes."
}

// Under a flood, the access log keeps ten lines a second per refusing
// constructor and status, then one "refusals not logged" line with the
// count of the others; passing requests and panics are all logged.
func ExampleAccessLogSampleRefusals() {
	r := chi.NewRouter()
	r.Use(middleware.AccessLog(slog.Default(), middleware.AccessLogSampleRefusals(10)))
	r.Use(middleware.MaxURILength(middleware.DefaultMaxURILength))
	r.Get("/items/{id}", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "teapot") })
	_ = http.ListenAndServe("127.0.0.1:8080", r)
}

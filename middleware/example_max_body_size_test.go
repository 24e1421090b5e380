package middleware_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/middleware"
)

func ExampleMaxBodySize() {
	upload := func(w http.ResponseWriter, r *http.Request) {
		n, err := io.Copy(io.Discard, r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest) // replaced by fourxx's 413
			return
		}
		fmt.Fprintf(w, "stored %d bytes\n", n)
	}

	r := chi.NewRouter()
	r.Group(func(r chi.Router) {
		r.Use(middleware.MaxBodySize(16)) // the API's default
		r.Post("/items", upload)
	})
	r.With(middleware.MaxBodySize(1024)).Post("/uploads", upload) // a larger limit beside it

	for _, path := range []string{"/items", "/uploads"} {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, path, strings.NewReader(strings.Repeat("x", 100))))
		fmt.Println(path, rec.Code)
		fmt.Print(rec.Body.String())
	}
	// Output:
	// /items 413
	// {"type":"about:blank","title":"Content Too Large","status":413,"detail":"The request declares 100 bytes of content; this resource accepts at most 16 bytes.","length":100,"limit":16}
	// /uploads 200
	// stored 100 bytes
}

func ExampleMaxBodySizeLinger() {
	upload := func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		fmt.Fprintf(w, "stored %d bytes\n", n)
	}
	r := chi.NewRouter()
	// After a 413, read and discard up to 64 MiB of the refused upload for
	// up to 30 s, and up to 5 s without data, so clients on slow links that
	// send before they read still see the 413.
	r.With(middleware.MaxBodySize(32<<20, middleware.MaxBodySizeLinger(64<<20, 30*time.Second, 5*time.Second))).Post("/videos", upload)
	// Close at once, as Go's server does.
	r.With(middleware.MaxBodySize(1<<10, middleware.MaxBodySizeLinger(0, 0, 0))).Post("/items", upload)

	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/items", strings.NewReader(strings.Repeat("x", 2<<10))))
	fmt.Println(rec.Code)
	// Output:
	// 413
}

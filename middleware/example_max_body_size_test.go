package middleware_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

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

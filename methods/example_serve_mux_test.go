package methods_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/fourxx/fourxx/methods"
)

func ExampleServeMux() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "item") })
	mux.HandleFunc("DELETE /items/{id}", func(w http.ResponseWriter, r *http.Request) {})
	h := methods.ServeMux(mux)

	for _, req := range []struct{ method, path string }{
		{"GET", "/items/7"}, {"PUT", "/items/7"}, {"OPTIONS", "/items/7"}, {"GET", "/nothing"},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(req.method, req.path, nil))
		fmt.Printf("%s %s: %d Allow=%q Content-Type=%q\n", req.method, req.path, rec.Code, rec.Header().Get("Allow"), rec.Header().Get("Content-Type"))
	}
	// Output:
	// GET /items/7: 200 Allow="" Content-Type="text/plain; charset=utf-8"
	// PUT /items/7: 405 Allow="DELETE, GET, HEAD, OPTIONS" Content-Type="application/problem+json"
	// OPTIONS /items/7: 204 Allow="DELETE, GET, HEAD, OPTIONS" Content-Type=""
	// GET /nothing: 404 Allow="" Content-Type="application/problem+json"
}

package methods_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/methods"
)

func ExampleChi() {
	ok := func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") }
	r := chi.NewRouter()
	methods.Chi(r) // before the first route
	r.Route("/items", func(r chi.Router) {
		r.Get("/", ok)
		r.Post("/", ok)
		r.Route("/{id}", func(r chi.Router) {
			r.Get("/", ok)
			r.Delete("/", ok)
		})
	})

	for _, req := range []struct{ method, path string }{
		{"PUT", "/items/7"}, {"OPTIONS", "/items"}, {"HEAD", "/items/7"}, {"BREW", "/items"}, {"GET", "/nothing"},
	} {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, httptest.NewRequest(req.method, req.path, nil))
		fmt.Printf("%s %s: %d %q\n", req.method, req.path, rec.Code, rec.Header().Get("Allow"))
	}
	// Output:
	// PUT /items/7: 405 "DELETE, GET, HEAD, OPTIONS"
	// OPTIONS /items: 204 "GET, HEAD, OPTIONS, POST"
	// HEAD /items/7: 200 ""
	// BREW /items: 501 ""
	// GET /nothing: 404 ""
}

package methods_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/methods"
)

// noContent is the handler of every benchmark route.
var noContent = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })

// benchCase is one sub-benchmark: a handler and the request it serves.
type benchCase struct {
	name string
	h    http.Handler
	r    *http.Request
}

func runBenchCases(b *testing.B, cases []benchCase) {
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			w := httptest.NewRecorder()
			b.ReportAllocs()
			for b.Loop() {
				w.Body.Reset()
				clear(w.Header())
				bc.h.ServeHTTP(w, bc.r)
			}
		})
	}
}

func BenchmarkAllow(b *testing.B) {
	allow := methods.Allow("GET", "PUT", "DELETE")(noContent)
	runBenchCases(b, []benchCase{
		{"bare", noContent, httptest.NewRequest("GET", "/items/42", nil)},
		{"pass", allow, httptest.NewRequest("GET", "/items/42", nil)},
		{"OPTIONS 204", allow, httptest.NewRequest("OPTIONS", "/items/42", nil)},
		{"reject 405", allow, httptest.NewRequest("POST", "/items/42", nil)},
	})
}

func BenchmarkImplemented(b *testing.B) {
	impl := methods.Implemented()(noContent)
	runBenchCases(b, []benchCase{
		{"bare", noContent, httptest.NewRequest("GET", "/items/42", nil)},
		{"pass", impl, httptest.NewRequest("GET", "/items/42", nil)},
		{"reject 501", impl, httptest.NewRequest("BREW", "/items/42", nil)},
	})
}

// benchChiRoutes is a small nested API, as a real service has.
func benchChiRoutes(r chi.Router) {
	r.Route("/items", func(r chi.Router) {
		r.Get("/", noContent)
		r.Post("/", noContent)
		r.Route("/{id}", func(r chi.Router) {
			r.Get("/", noContent)
			r.Put("/", noContent)
			r.Delete("/", noContent)
		})
	})
	r.Get("/users/{user}", noContent)
}

// benchChiLargeRoutes adds n more resources beside benchChiRoutes, as a
// large service has: each a subrouter with a list and an item route.
func benchChiLargeRoutes(r chi.Router, n int) {
	benchChiRoutes(r)
	for i := range n {
		r.Route("/r"+strconv.Itoa(i), func(r chi.Router) {
			r.Get("/", noContent)
			r.Route("/{id}", func(r chi.Router) {
				r.Get("/", noContent)
				r.Put("/", noContent)
			})
		})
	}
}

// BenchmarkChi measures a small router and one with about 1000 routes: the
// cost of HEAD, OPTIONS and 405 must not grow with the router. A 405
// repeated on one path is answered from Chi's cache; a scan refuses a new
// path each time, as a miss every time.
func BenchmarkChi(b *testing.B) {
	for _, size := range []struct {
		name      string
		resources int
	}{{"10 routes", 0}, {"1000 routes", 333}} {
		bare := chi.NewRouter()
		benchChiLargeRoutes(bare, size.resources)
		installed := chi.NewRouter()
		methods.Chi(installed)
		benchChiLargeRoutes(installed, size.resources)
		b.Run(size.name, func(b *testing.B) {
			runBenchCases(b, []benchCase{
				{"bare chi route", bare, httptest.NewRequest("GET", "/items/42", nil)},
				{"bare chi 405", bare, httptest.NewRequest("PATCH", "/items/42", nil)},
				{"pass", installed, httptest.NewRequest("GET", "/items/42", nil)},
				{"HEAD by GET", installed, httptest.NewRequest("HEAD", "/items/42", nil)},
				{"OPTIONS 204", installed, httptest.NewRequest("OPTIONS", "/items/42", nil)},
				{"reject 405 with computed Allow", installed, httptest.NewRequest("PATCH", "/items/42", nil)},
				{"reject 501", installed, httptest.NewRequest("BREW", "/items/42", nil)},
			})
			b.Run("reject 405 scan", func(b *testing.B) {
				scan := make([]*http.Request, 4096)
				for i := range scan {
					scan[i] = httptest.NewRequest("PATCH", "/items/"+strconv.Itoa(i), nil)
				}
				w := httptest.NewRecorder()
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					w.Body.Reset()
					clear(w.Header())
					installed.ServeHTTP(w, scan[i%len(scan)])
					i++
				}
			})
		})
	}
}

func BenchmarkServeMux(b *testing.B) {
	mux := http.NewServeMux()
	mux.Handle("GET /items/{id}", noContent)
	mux.Handle("PUT /items/{id}", noContent)
	wrapped := methods.ServeMux(mux)
	runBenchCases(b, []benchCase{
		{"bare mux route", mux, httptest.NewRequest("GET", "/items/42", nil)},
		{"bare mux 405", mux, httptest.NewRequest("PATCH", "/items/42", nil)},
		{"pass", wrapped, httptest.NewRequest("GET", "/items/42", nil)},
		{"reject 405", wrapped, httptest.NewRequest("PATCH", "/items/42", nil)},
	})
}

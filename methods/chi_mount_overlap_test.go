package methods_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"

	"github.com/fourxx/fourxx/methods"
)

func reviewAllow(r http.Handler, method, path string) (int, string) {
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec.Code, rec.Header().Get("Allow")
}

func reviewOverlapRouter() (*chi.Mux, *chi.Mux) {
	ok := func(http.ResponseWriter, *http.Request) {}
	r := chi.NewRouter()
	methods.Chi(r)
	sub := chi.NewRouter()
	sub.Get("/x", ok)
	sub.Delete("/y", ok)
	sub.Post("/z", ok)
	r.Mount("/api", sub)
	r.Post("/api/x", ok) // the root routes POST /api/x itself
	return r, sub
}

// TestChiAllowListsParentRouteInsideMount (review, fails on main and at
// f3256ac): POST /api/x is served by the root's own route, so the 405 of
// PUT /api/x must list POST; Allow is computed in the mounted router only.
func TestChiAllowListsParentRouteInsideMount(t *testing.T) {
	r, _ := reviewOverlapRouter()
	code, allow := reviewAllow(r, "POST", "/api/x")
	assert.Equal(t, 200, code)
	code, allow = reviewAllow(r, "PUT", "/api/x")
	assert.Equal(t, 405, code)
	assert.Equal(t, "GET, HEAD, OPTIONS, POST", allow)
}

// TestChiAllowIndependentOfCacheHistory (review, passes at f3256ac, fails
// on main): after the same route is added to two identical trees, the
// Allow of a path kept in Chi's cache differs from the one computed anew,
// because the method added in the subrouter was already in chi's found set
// through the root's own route, so neither found nor reads changed.
func TestChiAllowIndependentOfCacheHistory(t *testing.T) {
	ok := func(http.ResponseWriter, *http.Request) {}
	warm, warmSub := reviewOverlapRouter()
	cold, coldSub := reviewOverlapRouter()
	for range 3 {
		reviewAllow(warm, "PUT", "/api/x")
	}
	reviewAllow(cold, "GET", "/api/x") // reads the indexes, no 405
	warmSub.Post("/x", ok)
	coldSub.Post("/x", ok)
	_, w := reviewAllow(warm, "PUT", "/api/x")
	_, c := reviewAllow(cold, "PUT", "/api/x")
	assert.Equal(t, c, w, "warm vs cold")
}

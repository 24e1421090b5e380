package methods_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	chimw "github.com/go-chi/chi/v5/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/methods"
)

// allowOf serves one request and returns its status and Allow.
func allowOf(r http.Handler, method, path string) (int, string) {
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec.Code, rec.Header().Get("Allow")
}

// overlapRouter returns a root router that routes POST /api/x itself,
// inside the space of the subrouter it mounts at /api, and that
// subrouter.
func overlapRouter() (*chi.Mux, *chi.Mux) {
	ok := func(http.ResponseWriter, *http.Request) {}
	r := chi.NewRouter()
	methods.Chi(r)
	sub := chi.NewRouter()
	sub.Get("/x", ok)
	sub.Delete("/y", ok)
	sub.Post("/z", ok)
	r.Mount("/api", sub)
	r.Post("/api/x", ok)
	return r, sub
}

// TestChiAllowListsParentRouteInsideMount checks that the 405 of a path
// a subrouter routes lists the method the parent routes itself there.
func TestChiAllowListsParentRouteInsideMount(t *testing.T) {
	r, _ := overlapRouter()
	code, _ := allowOf(r, "POST", "/api/x")
	assert.Equal(t, 200, code)
	code, allow := allowOf(r, "PUT", "/api/x")
	assert.Equal(t, 405, code)
	assert.Equal(t, "GET, HEAD, OPTIONS, POST", allow)
	code, allow = allowOf(r, "OPTIONS", "/api/x")
	assert.Equal(t, 204, code)
	assert.Equal(t, "GET, HEAD, OPTIONS, POST", allow)
}

// TestChiAllowIndependentOfCacheHistory checks that, after the same route
// is added to two identical trees, the Allow kept in the cache of one is
// the Allow computed anew in the other, where the method added in the
// subrouter was already in chi's found list through the parent's route.
func TestChiAllowIndependentOfCacheHistory(t *testing.T) {
	ok := func(http.ResponseWriter, *http.Request) {}
	warm, warmSub := overlapRouter()
	cold, coldSub := overlapRouter()
	for range 3 {
		allowOf(warm, "PUT", "/api/x")
	}
	allowOf(cold, "GET", "/api/x") // reads the indexes, no 405
	warmSub.Post("/x", ok)
	coldSub.Post("/x", ok)
	_, w := allowOf(warm, "PUT", "/api/x")
	_, c := allowOf(cold, "PUT", "/api/x")
	assert.Equal(t, c, w, "warm vs cold")
}

// overlapRoutes builds a tree whose routers route paths inside the space
// of the routers they mount: at several levels, through URL parameters in
// the mount patterns, a mount at "/", a mount's own path, and a path only
// the parent routes.
func overlapRoutes(r chi.Router) {
	v := chi.NewRouter()
	v.Get("/items/{id}", routed("v get"))
	v.Delete("/items/{id}", routed("v delete"))
	v.Put("/", routed("v root put"))
	deep := chi.NewRouter()
	deep.Get("/leaf", routed("deep get"))
	v.Mount("/deep", deep)
	v.Patch("/deep/leaf", routed("v deep patch"))
	r.Mount("/t/{tenant}/v", v)
	r.Post("/t/{tenant}/v/items/{id}", routed("root post"))
	r.Post("/t/acme/v/deep/leaf", routed("root acme post"))
	r.Get("/t/{tenant}/v", routed("root v get"))
	r.Post("/t/{tenant}/v/only-root", routed("root only"))
	all := chi.NewRouter()
	all.Get("/page", routed("all get"))
	r.Mount("/", all)
	r.Put("/page", routed("root put"))
}

// overlapPaths are the paths TestChiAllowOverMounts asks about.
var overlapPaths = []string{
	"/t/acme/v/items/1", "/t/other/v/items/1", "/t/acme/v/deep/leaf",
	"/t/other/v/deep/leaf", "/t/acme/v", "/t/acme/v/", "/page", "/nowhere",
	"/t/acme/v/deep/nothing", "/t/acme/v/only-root",
}

// TestChiAllowOverMounts compares, for every path and method, the answer
// of Chi with what a plain chi router routes, each path refused twice so
// that the second answer comes from the cache.
func TestChiAllowOverMounts(t *testing.T) {
	plain := chi.NewRouter()
	overlapRoutes(plain)
	r := chi.NewRouter()
	methods.Chi(r)
	overlapRoutes(r)
	srv := testserver.Start(t, r)

	for _, path := range overlapPaths {
		var truth []string
		for _, m := range chiMethodsUnderTest {
			if m != "PROPFIND" && groundTruth(plain, m, path) {
				truth = append(truth, m)
			}
		}
		if len(truth) > 0 {
			truth = append(truth, "OPTIONS")
			if slices.Contains(truth, "GET") {
				truth = append(truth, "HEAD")
			}
		}
		slices.Sort(truth)
		want := strings.Join(slices.Compact(truth), ", ")
		for _, m := range []string{"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"} {
			if groundTruth(plain, m, path) {
				continue
			}
			for range 2 {
				res := send(t, srv, m, path)
				switch {
				case want == "":
					assert.Equal(t, http.StatusNotFound, res.status, "%s %s", m, path)
				case m == "OPTIONS":
					assert.Equal(t, http.StatusNoContent, res.status, "%s %s", m, path)
					assert.Equal(t, want, res.header.Get("Allow"), "%s %s", m, path)
				default:
					assert.Equal(t, http.StatusMethodNotAllowed, res.status, "%s %s", m, path)
					assert.Equal(t, want, res.header.Get("Allow"), "%s %s", m, path)
				}
			}
		}
	}
}

// TestChiAllowOverMountsAfterRewrite checks the Allow of a mounted path
// when a middleware in front of Chi rewrote the routing path.
func TestChiAllowOverMountsAfterRewrite(t *testing.T) {
	r := chi.NewRouter()
	r.Use(chimw.StripSlashes)
	methods.Chi(r)
	overlapRoutes(r)
	code, allow := allowOf(r, "PUT", "/t/acme/v/items/1/")
	require.Equal(t, http.StatusMethodNotAllowed, code)
	assert.Equal(t, "DELETE, GET, HEAD, OPTIONS, POST", allow)
}

// TestChiAllowSeesParentRouteAddedInsideMount checks that a 405 kept in
// the cache is computed again when the parent later routes, inside the
// mount's space, the refused path for a method its routes already use.
func TestChiAllowSeesParentRouteAddedInsideMount(t *testing.T) {
	r, _ := overlapRouter()
	for range 3 {
		_, allow := allowOf(r, "PUT", "/api/y")
		require.Equal(t, "DELETE, OPTIONS", allow)
	}
	r.Post("/api/y", routed("root y"))
	code, allow := allowOf(r, "PUT", "/api/y")
	assert.Equal(t, http.StatusMethodNotAllowed, code)
	assert.Equal(t, "DELETE, OPTIONS, POST", allow)
}

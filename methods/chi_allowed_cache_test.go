package methods

import (
	"context"
	"fmt"
	mathbits "math/bits"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChiFoundFieldExists pins the field of chi.Context that the cache of
// answers checks: without it (another chi version) nothing is cached.
func TestChiFoundFieldExists(t *testing.T) {
	require.NotEqual(t, ^uintptr(0), chiFoundOffset, "chi.Context has no methodsAllowed list of method bits")
}

// TestChiMethodBits checks that chi's bits, learnt from chi, tell every
// method chi routes apart, and that a method chi does not route has none.
func TestChiMethodBits(t *testing.T) {
	bits := chiMethodBits(append(slices.Clone(chiMethods), "NOT-REGISTERED"))
	seen := uint64(0)
	for i, m := range chiMethods {
		assert.NotZero(t, bits[i], m)
		assert.Equal(t, 1, mathbits.OnesCount64(bits[i]), m)
		assert.Zero(t, seen&bits[i], "%s shares its bit", m)
		seen |= bits[i]
	}
	assert.Zero(t, bits[len(chiMethods)], "a method chi does not route")
}

// collidingRoutes builds a tree whose refused paths share their spelling
// across routers: "/42" is refused by the root and, below /items and
// /users, by two subrouters, each allowing other methods. Where a
// handler shares the path of a mount (/docs), a path and a router can
// also differ in Allow where chi found the same methods: /docs and
// /docs/, and /docs in the root and below /v2.
func collidingRoutes(r chi.Router) {
	ok := func(http.ResponseWriter, *http.Request) {}
	r.Get("/42", ok)
	r.Get("/a/{id}", ok)
	r.Delete("/a/{id}", ok)
	r.Post("/b/{id}", ok)
	r.Put("/c", ok)
	r.Route("/items", func(r chi.Router) {
		r.Get("/", ok)
		r.Post("/", ok)
		r.Put("/{id}", ok)
		r.Patch("/{id}", ok)
	})
	users := chi.NewRouter()
	users.Delete("/{id}", ok)
	users.Get("/{id}/name", ok)
	r.Mount("/users", users)
	r.Route("/docs", func(r chi.Router) { r.Post("/", ok) })
	r.Get("/docs", ok)
	r.Route("/v2", func(r chi.Router) {
		r.Route("/docs", func(r chi.Router) { r.Post("/", ok) })
	})
}

// collidingRefusals are requests collidingRoutes refuses, with the Allow
// of each.
var collidingRefusals = []struct{ method, path, allow string }{
	{"PUT", "/42", "GET, HEAD, OPTIONS"},
	{"DELETE", "/items/42", "OPTIONS, PATCH, PUT"},
	{"POST", "/users/42", "DELETE, OPTIONS"},
	{"PUT", "/a/1", "DELETE, GET, HEAD, OPTIONS"},
	{"PUT", "/a/2", "DELETE, GET, HEAD, OPTIONS"},
	{"GET", "/b/1", "OPTIONS, POST"},
	{"DELETE", "/c", "OPTIONS, PUT"},
	{"DELETE", "/items", "GET, HEAD, OPTIONS, POST"},
	{"DELETE", "/items/", "GET, HEAD, OPTIONS, POST"},
	{"GET", "/items/7", "OPTIONS, PATCH, PUT"},
	{"PUT", "/users/7/name", "GET, HEAD, OPTIONS"},
	{"OPTIONS", "/users/42", "DELETE, OPTIONS"},
	{"OPTIONS", "/42", "GET, HEAD, OPTIONS"},
	{"PUT", "/docs", "GET, HEAD, OPTIONS, POST"},
	{"PUT", "/docs/", "OPTIONS, POST"},
	{"PUT", "/v2/docs", "OPTIONS, POST"},
	{"DELETE", "/docs", "GET, HEAD, OPTIONS, POST"},
}

// refuse serves one request of collidingRefusals and returns the Allow
// sent.
func refuse(t *testing.T, r http.Handler, method, path string) string {
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	want := http.StatusMethodNotAllowed
	if method == http.MethodOptions {
		want = http.StatusNoContent
	}
	if rec.Code != want {
		t.Errorf("%s %s: status %d, want %d", method, path, rec.Code, want)
	}
	return rec.Header().Get("Allow")
}

// TestChiAllowedCacheCollisions checks, with caches so small that every
// path collides with the others, that every 405 and OPTIONS carries the
// Allow of its own path and router, the answers kept or not, in several
// orders.
func TestChiAllowedCacheCollisions(t *testing.T) {
	for _, slots := range []int{1, 2, 4, chiAllowedSlots} {
		t.Run(fmt.Sprint(slots, " slots"), func(t *testing.T) {
			r := chi.NewRouter()
			c := installChi(r, slots, nil)
			collidingRoutes(r)
			for round := range 3 {
				for i := range collidingRefusals {
					// Each request twice in a row, then the table in
					// another order, so that answers are kept and then
					// looked up by other paths.
					rf := collidingRefusals[(i*(round+1))%len(collidingRefusals)]
					for range 2 {
						assert.Equal(t, rf.allow, refuse(t, r, rf.method, rf.path), "%s %s, round %d", rf.method, rf.path, round)
					}
				}
			}
			kept := 0
			for i := range c.answers.slots {
				if c.answers.slots[i].answer.Load() != nil {
					kept++
				}
			}
			assert.Positive(t, kept, "no answer was kept")
		})
	}
}

// TestChiAllowedCacheConcurrent refuses the colliding paths from several
// goroutines at once, through a cache of one slot.
func TestChiAllowedCacheConcurrent(t *testing.T) {
	r := chi.NewRouter()
	installChi(r, 1, nil)
	collidingRoutes(r)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				rf := collidingRefusals[(g+i/2)%len(collidingRefusals)]
				assert.Equal(t, rf.allow, refuse(t, r, rf.method, rf.path), "%s %s", rf.method, rf.path)
			}
		}()
	}
	wg.Wait()
}

// TestChiAllowedCacheKeepsOnSecondMiss checks that a path refused once
// is not kept, so a scan of distinct paths allocates no answers, and
// that a path refused twice in a row is kept and then answered from the
// cache.
func TestChiAllowedCacheKeepsOnSecondMiss(t *testing.T) {
	r := chi.NewRouter()
	c := installChi(r, 1, nil)
	collidingRoutes(r)
	slot := &c.answers.slots[0]

	refuse(t, r, "PUT", "/a/1")
	assert.Nil(t, slot.answer.Load(), "kept on the first miss")
	refuse(t, r, "PUT", "/a/2")
	refuse(t, r, "PUT", "/a/1")
	assert.Nil(t, slot.answer.Load(), "kept after another path missed in between")
	refuse(t, r, "PUT", "/a/1")
	kept := slot.answer.Load()
	require.NotNil(t, kept, "not kept on the second miss in a row")
	assert.Equal(t, "/a/1", kept.path)
	refuse(t, r, "PUT", "/a/1")
	assert.Same(t, kept, slot.answer.Load(), "a hit replaced the answer")
	rctx := chiFoundContext(r, "PUT", "/a/1")
	assert.Equal(t, 0.0, testing.AllocsPerRun(100, func() {
		assert.Same(t, kept.allowed, c.allowed(r, "/a/1", "PUT", rctx))
	}))
}

// chiFoundContext returns the routing context chi leaves after refusing
// method on path.
func chiFoundContext(r *chi.Mux, method, path string) *chi.Context {
	rctx := chi.NewRouteContext()
	rctx.Routes = r
	r.Find(rctx, method, path)
	return rctx
}

// TestChiFoundChangesWithRouteAdded checks that chiFound of a refused
// request changes when a route for another method is added to its path,
// in the router that refused it and in a parent, which is what keeps a
// cached answer from outliving the routes it was computed from.
func TestChiFoundChangesWithRouteAdded(t *testing.T) {
	ok := func(http.ResponseWriter, *http.Request) {}
	r := chi.NewRouter()
	sub := chi.NewRouter()
	sub.Get("/x", ok)
	r.Mount("/api", sub)
	r.Get("/y", ok)

	found := func(path string) uint64 {
		rctx := chi.NewRouteContext()
		req := httptest.NewRequest("PUT", path, nil)
		r.ServeHTTP(httptest.NewRecorder(), req.WithContext(context.WithValue(req.Context(), chi.RouteCtxKey, rctx)))
		return chiFound(rctx)
	}
	y, x := found("/y"), found("/api/x")
	require.NotZero(t, y)
	require.NotZero(t, x)

	r.Delete("/y", ok)
	assert.NotEqual(t, y, found("/y"), "a route added in the router that refused")
	sub.Post("/x", ok)
	withSub := found("/api/x")
	assert.NotEqual(t, x, withSub, "a route added in the mounted router that refused")
	r.Patch("/api/x", ok)
	assert.NotEqual(t, withSub, found("/api/x"), "a route added in the parent, inside the mount's space")
}

package methods

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChiMountedPath checks the path rebuilt from the mount patterns, the
// URL parameter values and the path the last router routes.
func TestChiMountedPath(t *testing.T) {
	for _, tc := range []struct {
		name     string
		patterns []string
		values   []string
		path     string
		want     string
		ok       bool
	}{
		{"one mount", []string{"/api/*"}, []string{""}, "/x", "/api/x", true},
		{"mount at the root", []string{"/*"}, []string{""}, "/x", "/x", true},
		{"parameters", []string{"/t/{tenant}/v/*", "/items/{id}/*"}, []string{"acme", "", "7", ""}, "/tags", "/t/acme/v/items/7/tags", true},
		{"regexp parameter", []string{"/n/{n:[0-9]{2}}/*"}, []string{"42", ""}, "/", "/n/42/", true},
		{"stub", []string{"/api"}, nil, "/", "/api", true},
		{"stub below a mount", []string{"/t/{tenant}/*", "/docs/"}, []string{"acme", ""}, "/", "/t/acme/docs/", true},
		{"levels below a stub", []string{"/api", "/*"}, []string{""}, "/", "/api", true},
		{"too few values", []string{"/t/{tenant}/*"}, []string{"acme"}, "/x", "/t/", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := chiMountedPath(nil, tc.patterns, tc.values, tc.path)
			assert.Equal(t, tc.ok, ok)
			if ok {
				assert.Equal(t, tc.want, string(got))
			}
		})
	}
}

// TestChiRootPathAllocatesNothing checks that rebuilding the root path of
// a request refused below a mount, the key of a kept 405, allocates
// nothing when it is the request's path.
func TestChiRootPathAllocatesNothing(t *testing.T) {
	var rctx *chi.Context
	sub := chi.NewRouter()
	sub.Get("/items/{id}", func(http.ResponseWriter, *http.Request) {})
	sub.MethodNotAllowed(func(_ http.ResponseWriter, r *http.Request) { rctx = chi.RouteContext(r.Context()) })
	r := chi.NewRouter()
	r.Mount("/t/{tenant}", sub)
	req := httptest.NewRequest("PUT", "/t/acme/items/7", nil)
	r.ServeHTTP(httptest.NewRecorder(), req)
	require.NotNil(t, rctx)
	require.Equal(t, "/items/7", rctx.RoutePath)

	assert.Equal(t, "/t/acme/items/7", chiRootPath(req, rctx))
	assert.Equal(t, 0.0, testing.AllocsPerRun(100, func() { chiRootPath(req, rctx) }))
}

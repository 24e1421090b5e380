package methods

import (
	"net/http"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"
)

// The Allow that Chi reads from the methods chi records while routing
// (routedFound) must agree with asking chi about each method where chi's
// method registry changes after Chi is installed, or where a recognised
// method is one chi does not route as spelt.

func TestChiAllowSeesMethodRegisteredAfterInstall(t *testing.T) {
	ok := func(http.ResponseWriter, *http.Request) {}
	r := chi.NewRouter()
	installChi(r, 8, []ImplementedOption{ImplementedMethods("FOURXXLATE")})
	chi.RegisterMethod("FOURXXLATE")
	r.Get("/x", ok)
	r.MethodFunc("FOURXXLATE", "/x", ok)
	for range 2 {
		assert.Equal(t, "FOURXXLATE, GET, HEAD, OPTIONS", refuse(t, r, http.MethodDelete, "/x"))
	}
}

func TestChiAllowBelowAMountOlderThanTheMethod(t *testing.T) {
	ok := func(http.ResponseWriter, *http.Request) {}
	r := chi.NewRouter()
	installChi(r, 8, []ImplementedOption{ImplementedMethods("FOURXXLATE2")})
	sub := chi.NewRouter()
	sub.Get("/a", ok)
	r.Mount("/api", sub)
	chi.RegisterMethod("FOURXXLATE2")
	for range 2 {
		assert.Equal(t, "GET, HEAD, OPTIONS", refuse(t, r, "FOURXXLATE2", "/api/a"))
	}
}

func TestChiAllowLeavesOutAMethodChiDoesNotRouteAsSpelt(t *testing.T) {
	ok := func(http.ResponseWriter, *http.Request) {}
	r := chi.NewRouter()
	installChi(r, 8, []ImplementedOption{ImplementedMethods("PROPFIND", "propfind")})
	r.Get("/x", ok)
	r.MethodFunc("PROPFIND", "/x", ok)
	for range 2 {
		assert.Equal(t, "GET, HEAD, OPTIONS, PROPFIND", refuse(t, r, http.MethodDelete, "/x"))
	}
	assert.Zero(t, chiMethodBit("propfind"), "chi routes PROPFIND, not propfind")
}

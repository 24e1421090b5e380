package methods

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
)

// chiTree answers which methods a chi router tree routes for a path. It
// reads the Routes of each chi router at most once, so build one per
// request that needs an answer.
type chiTree struct {
	root       chi.Routes
	routeLists map[*chi.Mux][]chi.Route
}

// routesOf returns rt.Routes(), read once per chi router.
func (t *chiTree) routesOf(rt chi.Routes) []chi.Route {
	mx, ok := rt.(*chi.Mux)
	if !ok {
		return rt.Routes()
	}
	if rs, ok := t.routeLists[mx]; ok {
		return rs
	}
	if t.routeLists == nil {
		t.routeLists = make(map[*chi.Mux][]chi.Route)
	}
	rs := mx.Routes()
	t.routeLists[mx] = rs
	return rs
}

// routes reports whether the tree routes method on path to a handler,
// following Route and Mount into subrouters as chi does.
//
// It asks Find, which follows mounts at their wildcard ("/items/*"), but
// answers a mount's own paths ("/items" and "/items/") with the mount's
// stub for every method, where chi actually routes "/" in the subrouter.
// The patterns Find matched are replayed through the routers' Routes to
// find the router that matched last; when that match is a mount stub, the
// question is asked again of the subrouter, for "/".
func (t *chiTree) routes(method, path string) bool {
	rt := t.root
	for {
		rctx := chi.NewRouteContext()
		if rt.Find(rctx, method, path) == "" {
			return false
		}
		patterns := rctx.RoutePatterns
		last := t.routerOf(rt, patterns[:len(patterns)-1])
		sub := t.stubSubrouter(last, method, patterns[len(patterns)-1])
		if sub == nil {
			return true
		}
		rt, path = sub, "/"
	}
}

// routerOf follows the mount patterns, one per level, from rt down to the
// router that holds the next pattern.
func (t *chiTree) routerOf(rt chi.Routes, mounts []string) chi.Routes {
	for _, pattern := range mounts {
		for _, route := range t.routesOf(rt) {
			if route.Pattern == pattern && route.SubRoutes != nil {
				rt = route.SubRoutes
				break
			}
		}
	}
	return rt
}

// stubSubrouter returns the subrouter mounted at pattern when rt matched
// method on pattern only through that mount's stub, and nil when a
// handler of rt's own serves it.
func (t *chiTree) stubSubrouter(rt chi.Routes, method, pattern string) chi.Routes {
	var sub chi.Routes
	for _, route := range t.routesOf(rt) {
		switch {
		case route.Pattern == pattern && (route.Handlers[method] != nil || route.Handlers["*"] != nil):
			return nil
		case route.SubRoutes != nil && (route.Pattern == pattern+"/*" ||
			(strings.HasSuffix(pattern, "/") && route.Pattern == pattern+"*")):
			sub = route.SubRoutes
		}
	}
	return sub
}

// allowed returns what the tree supports on path among the known methods.
func (t *chiTree) allowed(known []string, path string) allowed {
	var routed []string
	for _, m := range known {
		if t.routes(m, path) {
			routed = append(routed, m)
		}
	}
	return newAllowed(routed)
}

// chiRoutingPath returns the path chi routes r by at its root router.
func chiRoutingPath(r *http.Request) string {
	path := r.URL.RawPath
	if path == "" {
		path = r.URL.Path
	}
	if path == "" {
		path = "/"
	}
	return path
}

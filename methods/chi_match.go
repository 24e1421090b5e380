package methods

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
)

// chiRoutesMethod reports whether the chi router rt routes method on path
// to a handler, following Route and Mount into subrouters as chi does.
//
// It asks rt.Find, which follows mounts at their wildcard ("/items/*"),
// but answers a mount's own paths ("/items" and "/items/") with the
// mount's stub for every method, where chi actually routes "/" in the
// subrouter. The patterns Find matched are replayed through the routers'
// Routes to find the router that matched last; when that match is a mount
// stub, the question is asked again of the subrouter, for "/".
func chiRoutesMethod(rt chi.Routes, method, path string) bool {
	for {
		rctx := chi.NewRouteContext()
		if rt.Find(rctx, method, path) == "" {
			return false
		}
		patterns := rctx.RoutePatterns
		last := chiRouterOf(rt, patterns[:len(patterns)-1])
		sub := chiStubSubrouter(last, method, patterns[len(patterns)-1])
		if sub == nil {
			return true
		}
		rt, path = sub, "/"
	}
}

// chiRouterOf follows the mount patterns, one per level, from rt down to
// the router that holds the next pattern.
func chiRouterOf(rt chi.Routes, mounts []string) chi.Routes {
	for _, pattern := range mounts {
		for _, route := range rt.Routes() {
			if route.Pattern == pattern && route.SubRoutes != nil {
				rt = route.SubRoutes
				break
			}
		}
	}
	return rt
}

// chiStubSubrouter returns the subrouter mounted at pattern when rt
// matched method on pattern only through that mount's stub, and nil when
// a handler of rt's own serves it.
func chiStubSubrouter(rt chi.Routes, method, pattern string) chi.Routes {
	var sub chi.Routes
	for _, route := range rt.Routes() {
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

// chiAllowed returns what rt supports on path among the known methods.
func chiAllowed(rt chi.Routes, known []string, path string) allowed {
	var routed []string
	for _, m := range known {
		if chiRoutesMethod(rt, m, path) {
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

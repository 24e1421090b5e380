package methods

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
)

// chiRootPath returns the path the root router routed r by, rebuilt from
// what the routing left in rctx when the router that refused r was
// reached through mounts: the mount patterns matched on the way, one per
// level, in rctx.RoutePatterns; the URL parameters, in rctx.URLParams,
// which each level appended in turn (its pattern's, then the wildcard's,
// which the mount empties); and the path the last router routes. A router
// mounted at "/items/*" routes "/" and what the wildcard matched, one
// reached through the stub "/items" (or "/items/") routes "/".
//
// It returns the request's own path, with no copy, when the rebuilt path
// is that, as it is unless a middleware rewrote the routing path.
func chiRootPath(r *http.Request, rctx *chi.Context) string {
	path := chiRoutingPath(r, rctx)
	if len(rctx.RoutePatterns) == 0 {
		return path
	}
	var buf [maxChiAllowedPath]byte
	rebuilt, ok := chiMountedPath(buf[:0], rctx.RoutePatterns, rctx.URLParams.Values, path)
	requested := r.URL.RawPath
	if requested == "" {
		requested = r.URL.Path
	}
	if !ok || string(rebuilt) == requested {
		return requested
	}
	return string(rebuilt)
}

// chiMountedPath appends to buf the path rebuilt as chiRootPath describes
// from the mount patterns, the URL parameter values and path. It reports
// false when the values are fewer than the patterns name.
func chiMountedPath(buf []byte, patterns, values []string, path string) ([]byte, bool) {
	skip := 0 // the leading "/" of a mounted router's path, already in buf
	for _, pattern := range patterns {
		params := chiPatternParams(pattern)
		prefix, wildcard := strings.CutSuffix(pattern, "*")
		if wildcard {
			params++
		}
		if params > len(values) || skip > len(prefix) {
			return buf, false
		}
		buf = chiFillPattern(buf, prefix[skip:], values)
		values = values[params:]
		if !wildcard {
			return buf, true
		}
		skip = 1
	}
	if skip > 0 && strings.HasPrefix(path, "/") {
		path = path[1:]
	}
	return append(buf, path...), true
}

// chiFillPattern appends to buf the pattern with its parameters replaced
// by the first of values, in order.
func chiFillPattern(buf []byte, pattern string, values []string) []byte {
	depth := 0
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; {
		case c == '{':
			if depth == 0 {
				buf = append(buf, values[0]...)
				values = values[1:]
			}
			depth++
		case c == '}':
			depth--
		case depth == 0:
			buf = append(buf, c)
		}
	}
	return buf
}

// chiPatternParams counts the "{name}" and "{name:regexp}" parameters of a
// chi pattern; a regexp may hold braces of its own.
func chiPatternParams(pattern string) int {
	n, depth := 0, 0
	for i := 0; i < len(pattern); i++ {
		switch pattern[i] {
		case '{':
			if depth == 0 {
				n++
			}
			depth++
		case '}':
			depth--
		}
	}
	return n
}

// chiLevel is a router on the way down the mounts to the one that refused
// a request, and the path it routed.
type chiLevel struct {
	router chi.Routes
	path   string
}

// routedOver returns, as routed does, the methods the tree under root
// routes on rootPath (chiRootPath), knowing that it does not route those
// of refused, for the request rctx routed. It asks the router that refused
// the request, reached through the mounts in rctx.RoutePatterns, for the
// path it routes, then each router above it, for the path that router
// routed, only about the methods its own routes answer that are not found
// yet: asking a parent about a method the mounted router routes would
// build chi's pattern of every level in vain.
func (t *chiRouteIndex) routedOver(root chi.Routes, rootPath string, refused uint64, rctx *chi.Context) uint64 {
	if rctx == nil || len(rctx.RoutePatterns) == 0 || len(rctx.RoutePatterns) > maxChiMountDepth {
		return t.routedFound(root, rootPath, refused, rctx)
	}
	var chain [maxChiMountDepth]chiLevel
	levels := chain[:0]
	router, path, values := root, rootPath, rctx.URLParams.Values
	for _, pattern := range rctx.RoutePatterns {
		sub := t.of(router, pattern).mounts[pattern]
		params := chiPatternParams(pattern)
		prefix, wildcard := strings.CutSuffix(pattern, "*")
		if wildcard {
			params++
		}
		if sub == nil || params > len(values) {
			return t.routed(root, rootPath, refused)
		}
		levels = append(levels, chiLevel{router, path})
		next := "/"
		if wildcard {
			n := chiFilledLen(prefix, values)
			if n == 0 || n > len(path) || path[n-1] != '/' {
				return t.routed(root, rootPath, refused)
			}
			next = path[n-1:]
		}
		router, path, values = sub, next, values[params:]
	}
	if rctx.RoutePath != "" {
		path = rctx.RoutePath
	}
	set := t.routedFound(router, path, refused, rctx)
	for i := len(levels) - 1; i >= 0; i-- {
		if candidates := t.ownUsed(levels[i].router) &^ set &^ refused; candidates != 0 {
			set |= t.routedAmong(levels[i].router, candidates, levels[i].path)
		}
	}
	return set
}

// ownUsed returns the set of known methods rt's own routes answer, as a
// bit mask in known's order, from its index.
func (t *chiRouteIndex) ownUsed(rt chi.Routes) uint64 {
	mx, cacheable := rt.(*chi.Mux)
	if !cacheable {
		return 1<<len(t.known) - 1
	}
	if v, ok := t.routers.Load(mx); ok {
		return v.(*chiRouterIndex).used
	}
	return t.read(mx).used
}

// chiFilledLen returns the length of the pattern with its parameters
// replaced by the first of values, in order, as chiFillPattern fills it.
func chiFilledLen(pattern string, values []string) int {
	n, depth := 0, 0
	for i := 0; i < len(pattern); i++ {
		switch pattern[i] {
		case '{':
			if depth == 0 {
				n += len(values[0])
				values = values[1:]
			}
			depth++
		case '}':
			depth--
		default:
			if depth == 0 {
				n++
			}
		}
	}
	return n
}

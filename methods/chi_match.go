package methods

import (
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-chi/chi/v5"
)

// chiRouterIndex is one reading of a chi router's Routes: which methods
// each pattern routes to a handler of its own, and which patterns belong
// to a mount.
type chiRouterIndex struct {
	// handlers maps a pattern to the methods it routes to a real handler,
	// "*" standing for every method. Mount stubs are not handlers.
	handlers map[string]map[string]bool
	// mounts maps a mount's pattern ("/items/*") and the paths chi answers
	// with the mount's stub ("/items", "/items/") to the mounted router,
	// or to nil when a plain handler is mounted.
	mounts map[string]chi.Routes
	// used is the set of known methods the router's own routes answer, as
	// a bit mask in known's order: all of them when a route answers every
	// method (Handle, a mounted handler). Mounted routers are not included.
	used uint64
}

// newChiRouterIndex reads rt.Routes once; known are the methods the
// server recognises.
func newChiRouterIndex(rt chi.Routes, known []string) *chiRouterIndex {
	routes := rt.Routes()
	ix := &chiRouterIndex{
		handlers: make(map[string]map[string]bool, len(routes)),
		mounts:   make(map[string]chi.Routes),
	}
	for _, route := range routes {
		methods := make(map[string]bool, len(route.Handlers))
		for m := range route.Handlers {
			methods[m] = true
		}
		ix.handlers[route.Pattern] = methods
		prefix, isMount := strings.CutSuffix(route.Pattern, "/*")
		if isMount {
			ix.mounts[route.Pattern] = route.SubRoutes
			ix.mounts[prefix] = route.SubRoutes
			ix.mounts[prefix+"/"] = route.SubRoutes
		}
		for i, m := range known {
			if methods[m] || methods["*"] && (!isMount || route.SubRoutes == nil) {
				ix.used |= 1 << i
			}
		}
	}
	return ix
}

// knows reports whether pattern was among the routes when ix was read.
func (ix *chiRouterIndex) knows(pattern string) bool {
	if _, ok := ix.handlers[pattern]; ok {
		return true
	}
	_, ok := ix.mounts[pattern]
	return ok
}

// chiRouteIndex answers which methods a chi router tree routes for a path.
// It reads each router's Routes once, when a request first needs it, and
// again when the router matches a pattern it did not have then: routes
// added after the first request are seen.
type chiRouteIndex struct {
	known []string
	// chiBits are chi's bits of known (chiMethodBits), and bitless the
	// set of known methods that have none.
	chiBits []uint64
	bitless uint64
	routers sync.Map // *chi.Mux → *chiRouterIndex
	// reads counts the readings of Routes; lastUsed is the last answer
	// of used, valid while no router has been read since.
	reads    atomic.Uint64
	lastUsed atomic.Pointer[chiUsedMethods]
}

// chiUsedMethods is what used answered for one router after a number of
// readings of Routes.
type chiUsedMethods struct {
	router *chi.Mux
	reads  uint64
	set    uint64
}

// chiRouteContexts recycles the routing contexts the index asks Find with.
var chiRouteContexts = sync.Pool{New: func() any { return chi.NewRouteContext() }}

// of returns the index of rt that knows pattern.
func (t *chiRouteIndex) of(rt chi.Routes, pattern string) *chiRouterIndex {
	mx, cacheable := rt.(*chi.Mux)
	if !cacheable {
		return newChiRouterIndex(rt, t.known)
	}
	if v, ok := t.routers.Load(mx); ok {
		if ix := v.(*chiRouterIndex); ix.knows(pattern) {
			return ix
		}
	}
	return t.read(mx)
}

// read reads mx's routes again and keeps the index.
func (t *chiRouteIndex) read(mx *chi.Mux) *chiRouterIndex {
	ix := newChiRouterIndex(mx, t.known)
	t.routers.Store(mx, ix)
	t.reads.Add(1)
	return ix
}

// used returns the set of known methods that some route of rt or of a
// router mounted under it answers, as a bit mask in known's order, from
// the indexes already read.
func (t *chiRouteIndex) used(rt chi.Routes) uint64 {
	mx, cacheable := rt.(*chi.Mux)
	if !cacheable {
		return t.usedBelow(rt, maxChiMountDepth)
	}
	reads := t.reads.Load()
	if last := t.lastUsed.Load(); last != nil && last.router == mx && last.reads == reads {
		return last.set
	}
	set := t.usedBelow(mx, maxChiMountDepth)
	t.lastUsed.Store(&chiUsedMethods{router: mx, reads: reads, set: set})
	return set
}

// maxChiMountDepth bounds how deep used follows mounts: routers mounted
// into each other in a ring answer every known method.
const maxChiMountDepth = 32

// usedBelow is used, following at most depth levels of mounts.
func (t *chiRouteIndex) usedBelow(rt chi.Routes, depth int) uint64 {
	mx, cacheable := rt.(*chi.Mux)
	if !cacheable || depth == 0 {
		return 1<<len(t.known) - 1
	}
	var ix *chiRouterIndex
	if v, ok := t.routers.Load(mx); ok {
		ix = v.(*chiRouterIndex)
	} else {
		ix = t.read(mx)
	}
	set := ix.used
	for pattern, sub := range ix.mounts {
		if sub != nil && strings.HasSuffix(pattern, "*") {
			set |= t.usedBelow(sub, depth-1)
		}
	}
	return set
}

// routes reports whether rt routes method on path to a handler, following
// mounts (Route, Mount) into subrouters as chi does.
//
// Find follows a mount at its wildcard ("/items/*") but reports the
// mount's own paths ("/items", "/items/") as matched by its stub for every
// method, where chi routes "/" in the subrouter. Each pattern Find matched
// names, one per level, the mount that leads to the router that matched
// last; when that match is a stub, the question is asked again of the
// mounted router, for "/".
func (t *chiRouteIndex) routes(rt chi.Routes, method, path string) bool {
	rctx := chiRouteContexts.Get().(*chi.Context)
	defer chiRouteContexts.Put(rctx)
	for {
		rctx.Reset()
		if rt.Find(rctx, method, path) == "" {
			return false
		}
		patterns := rctx.RoutePatterns
		last := t.follow(rt, patterns[:len(patterns)-1])
		matched := patterns[len(patterns)-1]
		ix := t.of(last, matched)
		if own := ix.handlers[matched]; own[method] || own["*"] {
			return true
		}
		sub := ix.mounts[matched]
		if sub == nil {
			return true // a pattern of a plain handler, or a mounted one
		}
		rt, path = sub, "/"
	}
}

// follow returns the router reached from rt through the mount patterns,
// one per level, or the last router reached when one is not a mounted
// router.
func (t *chiRouteIndex) follow(rt chi.Routes, mounts []string) chi.Routes {
	for _, pattern := range mounts {
		sub := t.of(rt, pattern).mounts[pattern]
		if sub == nil {
			return rt
		}
		rt = sub
	}
	return rt
}

// routed returns the set of the known methods that rt routes on path, as
// a bit mask in known's order, knowing that it does not route those of
// refused (the method chi has just refused there).
//
// It asks Find only about the methods some route of the tree answers,
// again when a Find matched a new pattern and its router was read again.
// When none of them is routed on path, a route added since the indexes
// were read may be, for a method used nowhere before: every known method
// is asked.
func (t *chiRouteIndex) routed(rt chi.Routes, path string, refused uint64) uint64 {
	reads := t.reads.Load()
	set := t.routedAmong(rt, t.used(rt)&^refused, path)
	if t.reads.Load() != reads {
		set = t.routedAmong(rt, t.used(rt)&^refused, path)
	}
	if set != 0 {
		return set
	}
	return t.routedAmong(rt, (1<<len(t.known)-1)&^refused, path)
}

// routedFound returns, as routed does, the methods rt routes on path, for
// the request whose routing context rctx shows that chi, routing it
// through rt, could not route the refused method there: the known
// methods among those chi found on the path (chiFound), which it gathers
// from every route of the path it walked, and those chi has no bit for
// (chiMethodBits), asked about one by one. It is routed, asking about
// every method, where chi recorded none, where the refused method has no
// bit, and where chi recorded the methods of a mount's stub
// (chiStubBits), which say nothing of the mounted router.
func (t *chiRouteIndex) routedFound(rt chi.Routes, path string, refused uint64, rctx *chi.Context) uint64 {
	found := chiFound(rctx)
	if found == 0 || found&chiStubBits == chiStubBits || t.bitless&refused != 0 {
		return t.routed(rt, path, refused)
	}
	var set uint64
	for i, bit := range t.chiBits {
		if found&bit != 0 {
			set |= 1 << i
		}
	}
	if unknown := t.bitless &^ refused; unknown != 0 {
		set |= t.routedAmong(rt, unknown, path)
	}
	if set &^= refused; set != 0 {
		return set
	}
	return t.routed(rt, path, refused)
}

// routedAmong returns the subset of candidates that rt routes on path.
func (t *chiRouteIndex) routedAmong(rt chi.Routes, candidates uint64, path string) uint64 {
	var set uint64
	for i, m := range t.known {
		if candidates&(1<<i) != 0 && t.routes(rt, m, path) {
			set |= 1 << i
		}
	}
	return set
}

// chiRoutingPath returns the path rt routes r by: the one a parent router
// or a path-rewriting middleware left in rctx, or else r's path.
func chiRoutingPath(r *http.Request, rctx *chi.Context) string {
	if rctx != nil && rctx.RoutePath != "" {
		return rctx.RoutePath
	}
	path := r.URL.RawPath
	if path == "" {
		path = r.URL.Path
	}
	if path == "" {
		path = "/"
	}
	return path
}

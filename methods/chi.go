package methods

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/internal/notfound"
)

// Chi installs on the chi router r, for every path it routes, through
// Route, Mount, Group, With, subrouters and URL parameters:
//
//   - 501 Not Implemented for a method the server does not recognise, and
//     204 with Allow for "OPTIONS *", as [Implemented] does, once the
//     server passes it on ([http.Server] DisableGeneralOptionsHandler);
//   - HEAD served by the GET route where no HEAD route exists: Go's server
//     drops the body (RFC 9110 §9.3.2);
//   - a MethodNotAllowed handler answering 405 with Allow listing exactly
//     the recognised methods chi routes for the requested path, plus HEAD
//     with GET and OPTIONS (§15.5.6, §10.2.1), and OPTIONS, where no
//     OPTIONS route exists, with 204 No Content and that Allow (§9.3.7);
//     a CORS preflight is left to the router and its CORS middleware;
//   - a NotFound handler answering 404 as [NotFound] does, with Source
//     "methods.Chi".
//
// By default Chi recognises the methods chi routes natively: those of
// RFC 9110, PATCH and QUERY (RFC 10008). Methods registered with
// [chi.RegisterMethod] must also be passed to [ImplementedMethods]: only
// recognised methods are routed, and only they appear in Allow.
//
// Subrouters inherit both handlers, as chi arranges. Call Chi on the root
// router before its first route (it adds a middleware with r.Use; it panics
// otherwise), after middlewares that rewrite the routing path (chi's
// StripSlashes, CleanPath): Chi reads the path they leave for the router.
//
// Routes added while serving are seen, except two cases: a handler on the
// very path of an existing mount ("/items" beside Mount("/items", ...)), and,
// in a router that mounts the one refusing a request, a route for a method
// no route of its router used before, on a path other methods route
// (missing from a 405's Allow for a while). Add such routes before serving.
func Chi(r chi.Router, opts ...ImplementedOption) {
	installChi(r, chiAllowedSlots, opts)
}

// installChi is [Chi] with a cache of the given number of slots, a power
// of two, for the answers of 405 and OPTIONS.
func installChi(r chi.Router, slots int, opts []ImplementedOption) *chiInstall {
	if r == nil {
		panic("methods: Chi: needs a non-nil router")
	}
	if len(r.Routes()) > 0 {
		panic("methods: Chi: must be called before the router's first route (it adds a middleware with Use)")
	}
	c := &chiInstall{config: newConfig("Chi", chiMethods, opts), installed: r}
	if len(c.known) > 64 {
		panic(fmt.Sprintf("methods: Chi: recognises at most 64 methods, got %d", len(c.known)))
	}
	c.sets = newAllowedSets(c.known)
	c.answers = newChiAllowedCache(slots)
	// Serving HEAD by GET, answering OPTIONS and computing the Allow of a
	// 405 ask the route tree through chi's Find. Each router's Routes are
	// read once, when a request first needs them, and again when the router
	// matches a pattern it did not have then, so routes added later are
	// seen. A handler added after the first request on the very path of an
	// existing mount is taken for the mount's stub until another new route
	// on that router is matched. A 405 asks each router on the way down
	// the mounts only about the methods its routes answered when they were
	// read (the router that refused the request: with those mounted below
	// it): a route added later, for a method no route of its router used
	// before, on a path other methods route, is missing from Allow until a
	// request matches a new pattern of that router. The router that
	// refused the request is asked only about the methods chi has no bit
	// for when chi recorded the methods it found on the path, which it
	// does on its live tree (routedFound). The answers computed are kept
	// in c.answers.
	c.index.known, c.index.chiBits = c.known, chiMethodBits(c.known)
	for i, bit := range c.index.chiBits {
		if bit == 0 {
			c.index.bitless |= 1 << i
		}
	}
	r.Use(c.middleware)
	r.NotFound(notFoundWith(notFoundAnswers.chi))
	r.MethodNotAllowed(c.methodNotAllowed)
	return c
}

// chiInstall is what [Chi] installs on one router.
type chiInstall struct {
	config
	installed chi.Routes
	index     chiRouteIndex
	sets      *allowedSets
	answers   *chiAllowedCache
}

// allowed returns what rt supports on path among the known methods, for
// the request with routing context rctx whose method chi has just
// refused there.
func (c *chiInstall) allowed(rt chi.Routes, path, method string, rctx *chi.Context) *allowed {
	reads, found := c.index.reads.Load(), chiFound(rctx)
	a, hash, keep := c.answers.load(rt, path, reads, found)
	if a != nil {
		return a
	}
	var refused uint64
	if i, known := slices.BinarySearch(c.known, method); known {
		refused = 1 << i
	}
	a = c.sets.of(c.index.routedOver(rt, path, refused, rctx))
	if keep {
		c.answers.store(rt, path, reads, found, hash, a)
	}
	return a
}

// middleware answers the server-wide cases and routes HEAD to GET before
// the router routes the request. It runs in the installed router, which
// routes the path chiRoutingPath returns.
func (c *chiInstall) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c.answerServerWide(w, r, "methods.Chi") {
			return
		}
		if r.Method == http.MethodHead {
			rctx := chi.RouteContext(r.Context())
			path := chiRoutingPath(r, rctx)
			if rctx != nil && !c.index.routes(c.installed, http.MethodHead, path) && c.index.routes(c.installed, http.MethodGet, path) {
				rctx.RouteMethod = http.MethodGet
			}
		}
		next.ServeHTTP(w, r)
	})
}

// methodNotAllowed is the MethodNotAllowed handler [Chi] installs. chi
// calls it, from the router that failed to route the request, for a path
// it routes for other methods, and for every method it does not know at
// all; for a path with no route for any recognised method it answers 404.
// Answering OPTIONS here rather than before routing lets the middlewares
// of the subrouter that routes the path (a concealing rule) run first.
//
// Allow is what the routers on the way from the root, rctx.Routes, to the
// one that refused the request route, each on the path it routed
// (routedOver), a parent's own route inside a mount's space included: the
// levels chi's found list covers. It is kept for the root and the path it
// routed (chiRootPath).
func (c *chiInstall) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	rctx := chi.RouteContext(r.Context())
	router, path := c.installed, chiRoutingPath(r, rctx)
	if rctx != nil && rctx.Routes != nil {
		router, path = rctx.Routes, chiRootPath(r, rctx)
	}
	a := c.allowed(router, path, chiRouteMethod(r, rctx), rctx)
	switch {
	case len(a.methods) == 0:
		notfound.Write(w, r, notFoundAnswers.chi)
	case r.Method == http.MethodOptions && !isPreflight(r):
		writeOptions(w, a.header)
	default:
		writeMethodNotAllowed(w, r, a, "methods.Chi")
	}
}

// chiRouteMethod returns the method chi routed r by: the one the
// middleware or another left in rctx, or else r's method.
func chiRouteMethod(r *http.Request, rctx *chi.Context) string {
	if rctx != nil && rctx.RouteMethod != "" {
		return rctx.RouteMethod
	}
	return r.Method
}

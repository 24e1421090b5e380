package methods

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

// Chi installs on the chi router r, for every path it routes, through
// Route, Mount, Group, With, subrouters and URL parameters:
//
//   - 501 Not Implemented for a method the server does not recognise, and
//     204 with Allow for "OPTIONS *", as [Implemented] does;
//   - HEAD served by the GET route where no HEAD route exists: Go's server
//     drops the body (RFC 9110 §9.3.2);
//   - OPTIONS answered 204 No Content with Allow where no OPTIONS route
//     exists (§9.3.7); a CORS preflight is left to the router and its CORS
//     middleware;
//   - a MethodNotAllowed handler answering 405 with Allow listing exactly
//     the recognised methods chi routes for the requested path, plus HEAD
//     with GET and OPTIONS (§15.5.6, §10.2.1);
//   - [NotFound] as the NotFound handler.
//
// Subrouters mounted before or after the call inherit both handlers, as
// chi arranges. Chi adds a middleware with r.Use, so call it on the root
// router before its first route; it panics otherwise. Methods registered
// with [chi.RegisterMethod] must also be passed to [WithMethods]: only
// recognised methods are routed, and only they appear in Allow.
//
// The Allow of a 405 is computed from the route tree when the 405 is
// written: a cost paid only by rejected requests.
func Chi(r chi.Router, opts ...Option) {
	if r == nil {
		panic("methods: Chi needs a non-nil router")
	}
	if len(r.Routes()) > 0 {
		panic("methods: Chi must be called before the router's first route (it adds a middleware with Use)")
	}
	c := newConfig("Chi", opts)
	r.Use(c.chiMiddleware(r))
	r.NotFound(NotFound)
	r.MethodNotAllowed(c.chiMethodNotAllowed(r))
}

// chiTreeOf returns the route tree of the request's outermost chi router,
// the one that routes its whole path, or of fallback outside chi.
func chiTreeOf(r *http.Request, fallback chi.Routes) *chiTree {
	if rctx := chi.RouteContext(r.Context()); rctx != nil && rctx.Routes != nil {
		return &chiTree{root: rctx.Routes}
	}
	return &chiTree{root: fallback}
}

// chiMiddleware answers the server-wide cases, automatic OPTIONS, and
// routes HEAD to GET before the router routes the request.
func (c *config) chiMiddleware(installed chi.Routes) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if c.answerServerWide(w, r, "methods.Chi") {
				return
			}
			switch r.Method {
			case http.MethodHead:
				tree, path := chiTreeOf(r, installed), chiRoutingPath(r)
				rctx := chi.RouteContext(r.Context())
				if rctx != nil && !tree.routes(http.MethodHead, path) && tree.routes(http.MethodGet, path) {
					rctx.RouteMethod = http.MethodGet
				}
			case http.MethodOptions:
				tree, path := chiTreeOf(r, installed), chiRoutingPath(r)
				if !isPreflight(r) && !tree.routes(http.MethodOptions, path) {
					if a := tree.allowed(c.known, path); len(a.methods) > 0 {
						writeOptions(w, a.header)
						return
					}
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// chiMethodNotAllowed is the MethodNotAllowed handler [Chi] installs. chi
// calls it for a path it routes for other methods, and for every method it
// does not know at all; for a path with no route for any recognised method
// it answers 404.
func (c *config) chiMethodNotAllowed(installed chi.Routes) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a := chiTreeOf(r, installed).allowed(c.known, chiRoutingPath(r))
		if len(a.methods) == 0 {
			NotFound(w, r)
			return
		}
		writeMethodNotAllowed(w, r, a, "methods.Chi")
	}
}

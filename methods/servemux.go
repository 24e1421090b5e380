package methods

import (
	"net/http"

	"github.com/fourxx/fourxx/internal/notfound"
)

// ServeMux returns a handler that keeps mux's routing and answers the
// requests mux would refuse through [problem.Write]:
//
//   - 501 Not Implemented for a method the server does not recognise, and
//     204 with Allow for "OPTIONS *", as [Implemented] does, once the
//     server passes it on ([http.Server] DisableGeneralOptionsHandler);
//   - 404 Not Found, as [NotFound] answers it but with Source
//     "methods.ServeMux", for a path no pattern matches for any recognised
//     method;
//   - OPTIONS, where no pattern matches it, answered 204 No Content with
//     Allow (RFC 9110 §9.3.7), except a CORS preflight, which gets 405;
//   - 405 Method Not Allowed with Allow listing the recognised methods
//     that mux routes for the path (§15.5.6), plus HEAD with GET and
//     OPTIONS.
//
// ServeMux itself serves HEAD with a "GET" pattern. Requests mux routes,
// redirects included, are served by mux unchanged.
//
// The pass path is the one exception to fourxx's allocation-free pass
// paths: it costs one lookup more than mux alone, and that lookup's
// allocation (2 allocs per request where mux alone makes 1). Telling a
// routed request from one mux would refuse needs [http.ServeMux.Handler]
// before mux.ServeHTTP, and neither can be skipped: serving the handler
// Handler returns would lose the pattern and path values ServeHTTP sets
// on the request (r.Pattern, r.PathValue), and letting mux answer first
// would need a wrapped ResponseWriter that cannot tell mux's own 404 and
// 405 from the handlers'.
func ServeMux(mux *http.ServeMux, opts ...ImplementedOption) http.Handler {
	if mux == nil {
		panic("methods: ServeMux: needs a non-nil *http.ServeMux")
	}
	c := newConfig("ServeMux", rfc9110Methods, opts)
	var sets *allowedSets
	if len(c.known) <= 64 {
		sets = newAllowedSets(c.known)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c.answerServerWide(w, r, "methods.ServeMux") {
			return
		}
		refused, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		a := serveMuxAllowed(mux, refused, c.known, sets, r)
		switch {
		case len(a.methods) == 0:
			notfound.Write(w, r, notFoundAnswers.serveMux)
		case r.Method == http.MethodOptions && !isPreflight(r):
			writeOptions(w, a.header)
		default:
			writeMethodNotAllowed(w, r, a, "methods.ServeMux")
		}
	})
}

// serveMuxAllowed returns what mux supports for r's host and path among
// the known methods, r being a request mux refused with the handler
// refused: the value sets keeps for that set of methods, so that its 405s
// are built once, or a new one where sets is nil (more than 64 methods
// known). It reads mux's own answer (muxAllow), which costs about what
// mux's 405 costs, and asks mux about CONNECT where mux may route it
// (mayRouteConnect); where that answer does not tell, it asks mux about
// each known method.
func serveMuxAllowed(mux *http.ServeMux, refused http.Handler, known []string, sets *allowedSets, r *http.Request) *allowed {
	var routed []string
	var set uint64
	allow, ok := muxAllow(refused, r)
	if ok {
		set, routed = routedIn(allow, known, sets)
	}
	probe := *r
	for i, m := range known {
		if ok && (m != http.MethodConnect || !mayRouteConnect(allow, r)) {
			continue
		}
		probe.Method = m
		if _, pattern := mux.Handler(&probe); pattern != "" {
			if sets != nil {
				set |= 1 << i
			} else {
				routed = append(routed, m)
			}
		}
	}
	if sets != nil {
		return sets.of(set)
	}
	return newAllowed(routed)
}

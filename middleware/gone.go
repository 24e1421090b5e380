package middleware

import (
	"fmt"
	"net/http"

	"github.com/fourxx/fourxx/problem"
)

// GonePath is one removed resource for [Gone], answered 410 Gone
// (RFC 9110 §15.5.11).
type GonePath struct {
	// Pattern is a chi route pattern matched against the whole decoded
	// request path: an exact path ("/old-page"), a prefix ("/v1/*") or a pattern
	// with parameters ("/users/{id}/avatar").
	Pattern string
	// Successor, when set, is the URI reference of what replaces the
	// resource. It is sent as Link: <Successor>; rel="successor-version"
	// (RFC 8288, RFC 5829) and as the member "successor".
	Successor string
	// Detail explains the removal; empty gives a standard sentence.
	Detail string
}

// Gone returns a middleware that answers 410 Gone (RFC 9110 §15.5.11) for
// every method on the paths listed, which are known to be removed for
// good, and passes every other request on. A 410 is cacheable by default
// (RFC 9110 §15.1), so clients and caches may remember it; links to the
// resource should be removed. Patterns are matched with chi's router
// against the decoded path, r.URL.Path, so the most specific pattern wins
// as in a chi router; under a sub-router the whole path is still matched.
// A lookup allocates nothing.
//
// It panics when paths is empty, a pattern is invalid for chi or listed twice,
// or a Successor is not a URI reference; with [GonePathsFrom], when paths is
// not nil.
func Gone(paths []GonePath, opts ...GoneOption) func(http.Handler) http.Handler {
	var cfg goneConfig
	applyOptions("Gone", &cfg, opts)
	live := cfg.live
	switch {
	case live == nil:
		live = NewGonePaths(paths)
	case paths != nil:
		panic("middleware: Gone: paths are given both directly and with GonePathsFrom")
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			set := live.set.Load()
			e, gone := set.entries[set.match.find(r)]
			if !gone {
				next.ServeHTTP(w, r)
				return
			}
			if !problem.Enforce(r, e.details) {
				next.ServeHTTP(w, r)
				return
			}
			if e.link != nil {
				addLink(w.Header(), e.link)
			}
			problem.Write(w, r, e.details)
		})
	}
}

// compileGoneSet compiles paths; it panics on invalid paths.
func compileGoneSet(paths []GonePath) *goneSet {
	if len(paths) == 0 {
		panic("middleware: Gone: needs at least one GonePath")
	}
	entries := make(map[string]goneEntry, len(paths))
	patterns := make([]string, 0, len(paths))
	for _, p := range paths {
		if _, dup := entries[p.Pattern]; dup {
			panic(fmt.Sprintf("middleware: Gone: pattern %q is listed twice", p.Pattern))
		}
		var e goneEntry
		d := problem.Details{
			Status: http.StatusGone,
			Source: "middleware.Gone",
			Detail: p.Detail,
		}
		if d.Detail == "" {
			d.Detail = "This resource was removed permanently; remove links to it."
		}
		if p.Successor != "" {
			e.link = []string{gateLinkValue("Gone", p.Successor, "successor-version")}
			d.Extensions = map[string]any{"successor": p.Successor}
			if p.Detail == "" {
				d.Detail = fmt.Sprintf("This resource was removed permanently; its successor is %s.", p.Successor)
			}
		}
		e.details = problem.Prepare(d)
		entries[p.Pattern] = e
		patterns = append(patterns, p.Pattern)
	}
	return &goneSet{entries: entries, match: newGatePatterns("Gone", patterns)}
}

// goneEntry is the precomputed answer for one GonePath: the 410,
// prepared, and its Link field value, nil for none.
type goneEntry struct {
	details *problem.Details
	link    []string
}

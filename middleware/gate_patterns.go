package middleware

import (
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/go-chi/chi/v5"
)

// gatePatterns matches request paths against chi route patterns ("/old",
// "/v1/*", "/users/{id}/avatar") with chi's own routing tree, for [Gone]
// and [LegalBlocks]. A lookup reuses pooled chi contexts and allocates
// nothing.
type gatePatterns struct {
	mux      *chi.Mux
	contexts sync.Pool
}

// newGatePatterns registers patterns; it panics, naming constructor, on a
// pattern chi refuses.
func newGatePatterns(constructor string, patterns []string) *gatePatterns {
	g := &gatePatterns{mux: chi.NewRouter()}
	g.contexts.New = func() any { return chi.NewRouteContext() }
	noop := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	for _, p := range patterns {
		if !strings.HasPrefix(p, "/") {
			panic(fmt.Sprintf("middleware: %s: pattern %q does not start with '/'", constructor, p))
		}
		func() {
			defer func() {
				if err := recover(); err != nil {
					panic(fmt.Sprintf("middleware: %s: pattern %q: %v", constructor, p, err))
				}
			}()
			g.mux.Handle(p, noop)
		}()
	}
	return g
}

// find returns the registered pattern that matches the decoded path of r,
// r.URL.Path, so that an escaped spelling of a path ("/ol%64") matches as
// the path itself does, or "" when none matches.
func (g *gatePatterns) find(r *http.Request) string {
	path := r.URL.Path
	if path == "" || path[0] != '/' {
		return ""
	}
	rctx := g.contexts.Get().(*chi.Context)
	rctx.Reset()
	pattern := g.mux.Find(rctx, http.MethodGet, path)
	g.contexts.Put(rctx)
	return pattern
}

package methods

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/fourxx/fourxx/internal/httpsyntax"
	"github.com/fourxx/fourxx/internal/lastrefusal"
)

// rfc9110Methods are the methods RFC 9110 §9 defines, plus PATCH (RFC 5789):
// the methods every server built with this package recognises.
var rfc9110Methods = []string{
	http.MethodConnect, http.MethodDelete, http.MethodGet, http.MethodHead,
	http.MethodOptions, http.MethodPatch, http.MethodPost, http.MethodPut,
	http.MethodTrace,
}

// chiMethods are the methods chi v5 routes natively: the RFC 9110 methods,
// PATCH and QUERY (RFC 10008). [Chi]
// recognises them all by default.
var chiMethods = append(slices.Clone(rfc9110Methods), "QUERY")

// An ImplementedOption configures [Implemented], [Chi] and [ServeMux]: which
// method tokens (RFC 9110 §9.1) the server recognises.
type ImplementedOption func(*config)

// config is the configuration the options build.
type config struct {
	// known is the set of recognised methods, sorted and without duplicates.
	known []string
	// knownHeader is the Allow field value listing known.
	knownHeader string
	// notImplemented keeps the 501 of an unrecognised method that comes
	// again and again: a config answers for one constructor, whose Source
	// it always names.
	notImplemented *lastrefusal.Cache
}

// ImplementedMethods adds extension methods, such as the WebDAV methods
// PROPFIND and MKCOL (RFC 4918) or QUERY, to the methods the server
// recognises (RFC 9110 §9.1, §16.1). Without it, the server recognises the
// RFC 9110 methods and PATCH: CONNECT, DELETE, GET, HEAD, OPTIONS, PATCH,
// POST, PUT and TRACE; [Chi] also recognises QUERY, which chi routes
// natively (Mux.Query). Each method must be a token; case matters.
func ImplementedMethods(methods ...string) ImplementedOption {
	return func(c *config) { c.known = append(c.known, methods...) }
}

// newConfig applies opts to the methods recognised by default and
// validates the result. caller names the constructor in panic messages.
func newConfig(caller string, defaults []string, opts []ImplementedOption) config {
	c := config{known: slices.Clone(defaults), notImplemented: new(lastrefusal.Cache)}
	for i, opt := range opts {
		if opt == nil {
			panic(fmt.Sprintf("methods: %s: option %d is nil", caller, i))
		}
		opt(&c)
	}
	c.known = methodList(caller, c.known)
	c.knownHeader = strings.Join(c.known, ", ")
	return c
}

// methodList validates methods as tokens and returns them sorted without
// duplicates. caller names the constructor in panic messages.
func methodList(caller string, methods []string) []string {
	list := slices.Clone(methods)
	for _, m := range list {
		if !httpsyntax.IsToken(m) {
			panic(fmt.Sprintf("methods: %s: %q is not a method token (RFC 9110 §9.1)", caller, m))
		}
	}
	slices.Sort(list)
	return slices.Compact(list)
}

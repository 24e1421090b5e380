package middleware

import (
	"net/http"
	"strings"

	"github.com/fourxx/fourxx/internal/httpsyntax"
)

// gateVary is a precomputed Vary field (RFC 9110 §12.5.5) naming the
// request fields a gate or Negotiate decided on. Its line is shared by
// every response it is added to, so adding it to a response without Vary
// allocates nothing; the slice has no spare capacity, so a later
// Header.Add copies it instead of writing into it.
type gateVary struct {
	line  []string // one field line naming every field
	names []string
}

// newGateVary returns the Vary of the field names, canonicalised and
// without duplicates, in their first order.
func newGateVary(names []string) gateVary {
	var v gateVary
	for _, n := range names {
		n = http.CanonicalHeaderKey(n)
		if !containsFold(v.names, n) {
			v.names = append(v.names, n)
		}
	}
	if len(v.names) > 0 {
		v.line = []string{strings.Join(v.names, ", ")}
	}
	return v
}

// addTo adds the fields of v to the Vary of h that it does not name yet.
func (v gateVary) addTo(h http.Header) {
	if len(v.names) == 0 {
		return
	}
	existing := h["Vary"]
	if len(existing) == 0 {
		h["Vary"] = v.line
		return
	}
	if httpsyntax.ListHas(existing, "*") {
		return
	}
	for _, n := range v.names {
		if !httpsyntax.ListHas(h["Vary"], n) {
			h["Vary"] = append(h["Vary"], n)
		}
	}
}

// privateLine is the Cache-Control field line of [markPrivate], shared by
// every response it is set on; it has no spare capacity.
var privateLine = []string{"private"}

// markPrivate makes the response in h private to its client (RFC 9111
// §5.2.2.7): a shared cache must not store it. A Cache-Control that
// already says private or no-store is left alone; any other gets private
// added.
func markPrivate(h http.Header) {
	existing := h["Cache-Control"]
	switch {
	case len(existing) == 0:
		h["Cache-Control"] = privateLine
	case !httpsyntax.ListHas(existing, "private") && !httpsyntax.ListHas(existing, "no-store"):
		h["Cache-Control"] = append(existing[:len(existing):len(existing)], "private")
	}
}

// containsFold reports whether list holds s, case-insensitively.
func containsFold(list []string, s string) bool {
	for _, e := range list {
		if strings.EqualFold(e, s) {
			return true
		}
	}
	return false
}

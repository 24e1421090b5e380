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

// containsFold reports whether list holds s, case-insensitively.
func containsFold(list []string, s string) bool {
	for _, e := range list {
		if strings.EqualFold(e, s) {
			return true
		}
	}
	return false
}

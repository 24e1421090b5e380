package methods

import (
	"net/http"
	"slices"
	"strings"
)

// allowed is the precomputed answer for one target: the methods it
// supports, in byte order, and the Allow field value that lists them.
type allowed struct {
	methods []string
	header  string
}

// newAllowed completes routed, the sorted methods a target routes, into
// the methods it supports (RFC 9110 §10.2.1): HEAD when GET is routed
// (§9.3.2), and OPTIONS, which is always answered. An empty routed set
// stays empty: the target does not exist.
func newAllowed(routed []string) allowed {
	if len(routed) == 0 {
		return allowed{}
	}
	list := slices.Clone(routed)
	if slices.Contains(list, http.MethodGet) {
		list = append(list, http.MethodHead)
	}
	list = append(list, http.MethodOptions)
	slices.Sort(list)
	list = slices.Compact(list)
	return allowed{methods: list, header: strings.Join(list, ", ")}
}

// contains reports whether the target supports method. It does not allocate.
func (a allowed) contains(method string) bool {
	return slices.Contains(a.methods, method)
}

package methods

import (
	"net/http"
	"slices"
)

// Implemented returns a middleware for a whole server that answers 501 Not
// Implemented (RFC 9110 §15.6.2) to a method the server does not recognise
// for any resource, and passes every other request on. The recognised
// methods are those of RFC 9110 plus PATCH, and those added with
// [ImplementedMethods]; comparison is case-sensitive (§9.1), so "get" gets
// 501. 501 differs from 405: a recognised method that one resource does not
// support gets 405 from [Allow].
//
// "OPTIONS *" asks about the server rather than a resource (§9.3.7); it is
// answered 204 No Content with Allow listing the recognised methods. Go's
// [http.Server] answers it itself, before any handler, unless its
// DisableGeneralOptionsHandler is set.
func Implemented(opts ...ImplementedOption) func(http.Handler) http.Handler {
	c := newConfig("Implemented", rfc9110Methods, opts)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if c.answerServerWide(w, r, "methods.Implemented") {
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// answerServerWide answers what concerns the server rather than a
// resource: 501 to an unrecognised method, 204 to "OPTIONS *". It reports
// whether it answered.
func (c *config) answerServerWide(w http.ResponseWriter, r *http.Request, source string) bool {
	if !c.recognises(r.Method) {
		c.writeNotImplemented(w, r, source)
		return true
	}
	if r.Method == http.MethodOptions && r.RequestURI == "*" {
		writeOptions(w, c.knownHeader)
		return true
	}
	return false
}

// recognises reports whether method is recognised. It does not allocate.
// Every configuration recognises the RFC 9110 methods and PATCH, which
// most requests use: those are told without searching known.
func (c *config) recognises(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete,
		http.MethodPatch, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return true
	}
	_, found := slices.BinarySearch(c.known, method)
	return found
}

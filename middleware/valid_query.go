package middleware

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/fourxx/fourxx/problem"
)

// ValidQuery returns a middleware that answers 400 Bad Request (RFC 9110
// §15.5.1) when the query string cannot be parsed by url.ParseQuery: an
// invalid percent-escape ("%zz", a lone "%") or a ";" separator. Go's server
// lets such a query through to the handler, and r.URL.Query() then silently
// drops the broken pairs, so a handler sees less than the client sent. The
// explanation quotes url.ParseQuery's error.
//
// Go's server itself already answers 400, before any handler, for a
// request line or header it cannot parse, an invalid percent-escape in the
// path, two Host fields and conflicting Content-Length fields.
//
// A query without "%" or ";" passes without being parsed, allocating nothing.
func ValidQuery() func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.RawQuery
			if strings.ContainsAny(q, "%;") {
				if _, err := url.ParseQuery(q); err != nil {
					problem.Write(w, r, &problem.Details{
						Status:     http.StatusBadRequest,
						Source:     "middleware.ValidQuery",
						Detail:     fmt.Sprintf("The query string is malformed: %v. Percent-encode %% as %%25 and separate pairs with &.", err),
						Extensions: map[string]any{"query": q},
					})
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

package middleware

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/fourxx/fourxx/internal/echo"
	"github.com/fourxx/fourxx/internal/lastrefusal"
	"github.com/fourxx/fourxx/problem"
)

// ValidQuery returns a middleware that answers 400 Bad Request (RFC 9110
// §15.5.1) when the query string cannot be parsed by url.ParseQuery: an
// invalid percent-escape ("%zz", a lone "%") or a ";" separator. Go's server
// lets such a query through to the handler, and r.URL.Query() then silently
// drops the broken pairs, so a handler sees less than the client sent. The
// explanation quotes url.ParseQuery's error, and the member "query"
// repeats the query (at most 256 bytes of it).
//
// Go's server itself already answers 400, before any handler, for a
// request line or header it cannot parse, an invalid percent-escape in the
// path, two Host fields and conflicting Content-Length fields.
//
// The pass path checks the query without parsing it and allocates nothing;
// url.ParseQuery runs only on a query that fails the check, to explain it.
func ValidQuery() func(http.Handler) http.Handler {
	refusals := new(lastrefusal.Cache)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.RawQuery
			if queryParsesCleanly(q) {
				next.ServeHTTP(w, r)
				return
			}
			// Only malformed queries are kept: a kept one needs no
			// parsing again.
			d := refusals.Find(q)
			if d == nil {
				_, err := url.ParseQuery(q)
				if err == nil {
					next.ServeHTTP(w, r)
					return
				}
				// The explanation is a new string; the echo is cut
				// from the query that miss hands to build.
				detail := fmt.Sprintf("The query string is malformed: %v. Percent-encode %% as %%25 and separate pairs with &.", err)
				d = refusals.Miss(q, func(q string) problem.Details {
					return problem.Details{
						Status:     http.StatusBadRequest,
						Source:     "middleware.ValidQuery",
						Detail:     detail,
						Extensions: map[string]any{"query": echo.Cut(q, maxQueryEcho, "")},
					}
				})
			}
			if !problem.Enforce(r, d) {
				next.ServeHTTP(w, r)
				return
			}
			problem.Write(w, r, d)
		})
	}
}

// maxQueryEcho bounds how much of a malformed query the 400 repeats in its
// member "query", so a hostile query cannot inflate the answer.
const maxQueryEcho = 256

// queryParsesCleanly reports whether url.ParseQuery would accept q: it has
// no ";" and every "%" starts an escape of two hex digits.
func queryParsesCleanly(q string) bool {
	for i := 0; i < len(q); i++ {
		switch q[i] {
		case ';':
			return false
		case '%':
			if i+2 >= len(q) || !isQueryHexDigit(q[i+1]) || !isQueryHexDigit(q[i+2]) {
				return false
			}
			i += 2
		}
	}
	return true
}

// isQueryHexDigit reports whether c is a hexadecimal digit.
func isQueryHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

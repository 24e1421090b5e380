package middleware

import (
	"fmt"
	"net/http"
	"net/textproto"
	"strconv"

	"github.com/fourxx/fourxx/internal/httpsyntax"
	"github.com/fourxx/fourxx/internal/lastrefusal"
	"github.com/fourxx/fourxx/problem"
)

// DefaultSingletonHeaders returns the request fields [SingletonHeaders]
// checks when given none: the fields RFC 9110 (and RFC 6454 for Origin)
// defines as a single value, which a recipient cannot combine into a list
// (§5.3). Host and Content-Length are absent: Go's server already refuses
// two Host fields and conflicting Content-Length fields before any handler
// runs. Each call returns a new slice, so extending it
// (append(DefaultSingletonHeaders(), "X-Tenant")) changes no default.
func DefaultSingletonHeaders() []string {
	return []string{
		"Authorization", "Content-Location", "Content-Range", "Content-Type",
		"Date", "From", "If-Modified-Since", "If-Range", "If-Unmodified-Since",
		"Max-Forwards", "Origin", "Proxy-Authorization", "Range", "Referer",
		"User-Agent",
	}
}

// SingletonHeaders returns a middleware that answers 400 Bad Request (RFC
// 9110 §15.5.1) when a request repeats one of the named fields with
// different values. These fields hold one value (RFC 9110 §5.3), and
// r.Header.Get returns only the first line, so a proxy and the handler
// that pick different lines would disagree about the request: the request
// smuggling and authorisation-confusion pattern. Identical repeated lines
// pass, as RFC 9110 §8.6 allows for Content-Length. With no names it checks
// [DefaultSingletonHeaders]. The member "header" names the field and
// "count" its number of lines. The pass path allocates nothing.
//
// It panics when a name is not a field name token.
func SingletonHeaders(names ...string) func(http.Handler) http.Handler {
	if len(names) == 0 {
		names = DefaultSingletonHeaders()
	}
	// The singletons, each with its name and its last refusal, by the
	// number of lines.
	singletons := make(map[string]*singletonRefusals, len(names))
	for _, n := range names {
		if !httpsyntax.IsToken(n) {
			panic(fmt.Sprintf("middleware: SingletonHeaders: %q is not a field name", n))
		}
		name := textproto.CanonicalMIMEHeaderKey(n)
		singletons[name] = &singletonRefusals{name: name}
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for k, values := range r.Header {
				if s := singletons[k]; len(values) > 1 && s != nil && singletonValuesDiffer(values) {
					k := s.name
					d := s.refusals.Of(strconv.Itoa(len(values)), func(string) problem.Details {
						return problem.Details{
							Status: http.StatusBadRequest,
							Source: "middleware.SingletonHeaders",
							Detail: fmt.Sprintf("The request has %d %s fields with different values; %s takes one value. Send it once.",
								len(values), k, k),
							Extensions: map[string]any{"header": k, "count": len(values)},
						}
					})
					if !problem.Enforce(r, d) {
						next.ServeHTTP(w, r)
						return
					}
					problem.Write(w, r, d)
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// singletonRefusals are the refusals of one singleton field, named by the
// configured string, not the request's key.
type singletonRefusals struct {
	name     string
	refusals lastrefusal.Cache
}

// singletonValuesDiffer reports whether the field lines differ, ignoring
// surrounding whitespace.
func singletonValuesDiffer(values []string) bool {
	for _, v := range values[1:] {
		if httpsyntax.TrimOWS(v) != httpsyntax.TrimOWS(values[0]) {
			return true
		}
	}
	return false
}

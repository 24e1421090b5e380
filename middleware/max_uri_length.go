package middleware

import (
	"net/http"

	"github.com/fourxx/fourxx/problem"
)

// DefaultMaxURILength is the request-target limit to pass to
// [MaxURILength] when no other figure fits: 32 KiB, the figure Cloudflare
// enforces. RFC 9112 §3 recommends that servers accept request-lines of at
// least 8000 octets; beyond its limit a server answers 414 URI Too Long
// (RFC 9110 §15.5.15).
const DefaultMaxURILength = 32 << 10

// MaxURILength returns a middleware that answers 414 URI Too Long (RFC 9110
// §15.5.15) when the request-target as the client sent it, r.RequestURI, is
// longer than n bytes; a target of exactly n bytes passes. It panics when
// n <= 0: pass [DefaultMaxURILength] for 32 KiB. The explanation states
// the limit and the length received, and its members "limit" and "length"
// carry both as numbers.
//
// Go's [http.Server] answers 431 Request Header Fields Too Large by itself,
// before any handler runs, once the request line and headers together
// exceed its MaxHeaderBytes (1 MiB by default, [http.DefaultMaxHeaderBytes]).
// A limit above MaxHeaderBytes therefore never fires; raise both together.
//
// Requests built in code without a RequestURI (http.NewRequest) are measured
// by r.URL.RequestURI().
func MaxURILength(n int) func(http.Handler) http.Handler {
	if n <= 0 {
		panic("middleware: MaxURILength: n must be > 0")
	}
	answers := new(uriLengthAnswers)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			length := len(r.RequestURI)
			if length == 0 {
				length = len(r.URL.RequestURI())
			}
			if length > n {
				d := answers.of(length, n)
				if !problem.Enforce(r, d) {
					next.ServeHTTP(w, r)
					return
				}
				problem.Write(w, r, d)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

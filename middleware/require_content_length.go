package middleware

import (
	"fmt"
	"net/http"

	"github.com/fourxx/fourxx/internal/httpsyntax"
	"github.com/fourxx/fourxx/internal/lastrefusal"
	"github.com/fourxx/fourxx/problem"
)

// RequireContentLengthOption configures [RequireContentLength] (RFC 9110
// §8.6, §15.5.12).
type RequireContentLengthOption func(*contentLengthConfig)

// contentLengthConfig is what the RequireContentLengthOptions set.
type contentLengthConfig struct {
	methods      []string
	allowChunked bool
}

// RequireContentLengthMethods replaces the methods whose requests must carry
// Content-Length (by default POST, PUT and PATCH). Methods are compared
// case-sensitively, as RFC 9110 §9.1 says. It panics when given none.
func RequireContentLengthMethods(methods ...string) RequireContentLengthOption {
	if len(methods) == 0 {
		panic("middleware: RequireContentLengthMethods: needs at least one method")
	}
	for _, m := range methods {
		if !httpsyntax.IsToken(m) {
			panic(fmt.Sprintf("middleware: RequireContentLengthMethods: %q is not a method name", m))
		}
	}
	return func(c *contentLengthConfig) { c.methods = append([]string(nil), methods...) }
}

// RequireContentLengthAllowChunked makes [RequireContentLength] accept
// content of unknown length whose framing delimits it: HTTP/1.1 chunked
// transfer coding (RFC 9112 §7.1) and HTTP/2 (or HTTP/3) streams without
// Content-Length. Requests with neither a length nor a body are still
// refused.
func RequireContentLengthAllowChunked() RequireContentLengthOption {
	return func(c *contentLengthConfig) { c.allowChunked = true }
}

// RequireContentLength returns a middleware that answers 411 Length
// Required (RFC 9110 §15.5.12) to requests of the listed methods (POST,
// PUT and PATCH unless [RequireContentLengthMethods] says otherwise) that arrive
// without a Content-Length field (RFC 9110 §8.6): chunked bodies, HTTP/2
// bodies without a length, and requests with neither Content-Length nor
// Transfer-Encoding. "Content-Length: 0" passes. Other methods pass
// untouched. The explanation says to send Content-Length, and the member
// "method" names the method that needs it. A client waiting for
// "100 Continue" gets the 411 instead, with "Connection: close" on HTTP/1.x.
//
// Go's server refuses invalid Content-Length fields itself with 400 before
// any handler runs: negative or overflowing values and several differing
// values.
func RequireContentLength(opts ...RequireContentLengthOption) func(http.Handler) http.Handler {
	c := contentLengthConfig{methods: []string{http.MethodPost, http.MethodPut, http.MethodPatch}}
	applyOptions("RequireContentLength", &c, opts)
	// The refusals by method, of requests of unknown length and of those
	// with neither Content-Length nor Transfer-Encoding.
	var unknown, missing lastrefusal.Cache
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			method := contentLengthRequired(&c, r)
			if method == "" {
				next.ServeHTTP(w, r)
				return
			}
			refusals := &missing
			if r.ContentLength < 0 {
				refusals = &unknown
			}
			unknownLength := r.ContentLength < 0
			d := refusals.Of(method, func(method string) problem.Details {
				detail := fmt.Sprintf("A %s request to this resource must declare the size of its content: send a Content-Length header", method)
				if unknownLength {
					detail += ", not a body of unknown length."
				} else {
					detail += " (Content-Length: 0 when there is no content)."
				}
				return problem.Details{
					Status:     http.StatusLengthRequired,
					Source:     "middleware.RequireContentLength",
					Detail:     detail,
					Extensions: map[string]any{"method": method},
				}
			})
			if !problem.Enforce(r, d) {
				next.ServeHTTP(w, r)
				return
			}
			abandonUnsentContent(w, r)
			problem.Write(w, r, d)
		})
	}
}

// contentLengthRequired returns the configured method, equal to r's, when
// r must be refused for a missing Content-Length, and "" when it passes.
// A refusal names the configured string: it does not share the memory of
// the request line.
func contentLengthRequired(c *contentLengthConfig, r *http.Request) string {
	method := ""
	for _, m := range c.methods {
		if r.Method == m {
			method = m
			break
		}
	}
	switch {
	case method == "", r.ContentLength > 0:
		return ""
	case r.ContentLength < 0:
		if c.allowChunked {
			return ""
		}
		return method
	}
	if _, declared := r.Header["Content-Length"]; declared {
		return ""
	}
	return method
}

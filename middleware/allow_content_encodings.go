package middleware

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/fourxx/fourxx/internal/httpsyntax"
	"github.com/fourxx/fourxx/internal/lastrefusal"
	"github.com/fourxx/fourxx/problem"
)

// AllowContentEncodings returns a middleware that answers 415 Unsupported
// Media Type (RFC 9110 §15.5.16) when a request with content declares a
// content coding (Content-Encoding, RFC 9110 §8.4) outside codings.
// "identity" always passes, so AllowContentEncodings() with no codings
// accepts only unencoded content. Codings compare case-insensitively; every
// coding of a stacked value ("gzip, br") and of every field line must be
// allowed. A request without content passes.
//
// The 415 carries an Accept-Encoding field listing the accepted codings,
// "identity" first (RFC 9110 §12.5.3; identity is acceptable unless
// excluded, and naming it makes the list explicit), and an "accepted"
// member with the same list. The middleware decides on the header alone and never
// decodes the body. The pass path allocates nothing.
//
// It panics when a coding is not a token or is "*".
func AllowContentEncodings(codings ...string) func(http.Handler) http.Handler {
	allowed := make([]string, 0, len(codings))
	for _, c := range codings {
		if !httpsyntax.IsToken(c) || c == "*" {
			panic(fmt.Sprintf("middleware: AllowContentEncodings: %q is not a content coding", c))
		}
		if !strings.EqualFold(c, "identity") {
			allowed = append(allowed, strings.ToLower(c))
		}
	}
	accepted := append([]string{"identity"}, allowed...)
	acceptEncoding := strings.Join(accepted, ", ")
	sendInstead := "Send it unencoded."
	if len(allowed) > 0 {
		sendInstead = "Send it unencoded or encoded with: " + strings.Join(allowed, ", ") + "."
	}
	acceptEncodingField := []string{acceptEncoding}
	refusals := new(lastrefusal.Cache)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !requestHasContent(r) {
				next.ServeHTTP(w, r)
				return
			}
			if refused, ok := refusedContentCoding(r.Header["Content-Encoding"], allowed); !ok {
				d := refusals.Of(refused, func(refused string) problem.Details {
					return problem.Details{
						Status: http.StatusUnsupportedMediaType,
						Source: "middleware.AllowContentEncodings",
						Detail: fmt.Sprintf("This resource does not accept content encoded with %q. %s", refused, sendInstead),
						Extensions: map[string]any{
							"accepted":         accepted,
							"content_encoding": refused,
						},
					}
				})
				if !problem.Enforce(r, d) {
					next.ServeHTTP(w, r)
					return
				}
				w.Header()["Accept-Encoding"] = acceptEncodingField
				problem.Write(w, r, d)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// refusedContentCoding returns the first coding in the Content-Encoding
// lines that is neither identity nor allowed, and ok when there is none.
// An empty list element is skipped (RFC 9110 §5.6.1).
func refusedContentCoding(lines, allowed []string) (refused string, ok bool) {
	for _, line := range lines {
		for line != "" {
			var coding string
			coding, line = httpsyntax.NextListElement(line)
			if coding == "" || strings.EqualFold(coding, "identity") || contentCodingAllowed(coding, allowed) {
				continue
			}
			return coding, false
		}
	}
	return "", true
}

// contentCodingAllowed reports whether coding is in allowed.
func contentCodingAllowed(coding string, allowed []string) bool {
	for _, a := range allowed {
		if strings.EqualFold(coding, a) {
			return true
		}
	}
	return false
}

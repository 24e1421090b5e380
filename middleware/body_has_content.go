package middleware

import "net/http"

// requestHasContent reports whether r carries content (RFC 9110 §6.4): a
// positive or unknown (chunked, or HTTP/2 without Content-Length)
// Content-Length and a body other than http.NoBody.
func requestHasContent(r *http.Request) bool {
	return r.ContentLength != 0 && r.Body != nil && r.Body != http.NoBody
}

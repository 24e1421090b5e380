package middleware

import "net/http"

// setAcceptPostPatch sets the field that advertises the media types a
// resource accepts for the request's method: Accept-Post for POST (W3C
// LDP §7.1), Accept-Patch for PATCH (RFC 5789 §3.1); other methods have
// none.
func setAcceptPostPatch(h http.Header, method, mediaTypes string) {
	switch method {
	case http.MethodPost:
		h.Set("Accept-Post", mediaTypes)
	case http.MethodPatch:
		h.Set("Accept-Patch", mediaTypes)
	}
}

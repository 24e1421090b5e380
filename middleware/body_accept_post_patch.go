package middleware

import "net/http"

// setAcceptPostPatch sets the field that advertises the media types a
// resource accepts for the request's method: Accept-Post for POST (W3C
// LDP §7.1), Accept-Patch for PATCH (RFC 5789 §3.1); other methods have
// none. mediaTypes is the field value, shared by every response: one
// element with no spare capacity, so an Add copies it.
func setAcceptPostPatch(h http.Header, method string, mediaTypes []string) {
	switch method {
	case http.MethodPost:
		h["Accept-Post"] = mediaTypes
	case http.MethodPatch:
		h["Accept-Patch"] = mediaTypes
	}
}

package ratelimit

import "net/http"

// LimitPreflights makes [Limit] and [Concurrency] treat CORS preflight
// requests like any other. By default a preflight, an OPTIONS request with
// Origin and Access-Control-Request-Method (Fetch standard, "CORS-preflight
// request"), passes uncharged and without rate-limit fields: a browser
// sends it before a cross-origin request on its own, and a 429 to it
// fails the real request with a network error the script cannot read.
// Anyone can forge one, so an exempted preflight reaches the handler,
// which must do no work for OPTIONS (a CORS middleware in front answers
// preflights). [LimitChargeAfter] exempts none: it charges them by outcome.
func LimitPreflights() LimitOption {
	return func(l *limiter) { l.limitPreflights = true }
}

// isPreflight reports whether r is a CORS preflight request.
func isPreflight(r *http.Request) bool {
	if r.Method != http.MethodOptions {
		return false
	}
	_, origin := r.Header["Origin"]
	return origin && r.Header.Get("Access-Control-Request-Method") != ""
}

// passesPreflight reports whether r is a preflight that passes unlimited.
func (l *limiter) passesPreflight(r *http.Request) bool {
	return !l.limitPreflights && isPreflight(r)
}

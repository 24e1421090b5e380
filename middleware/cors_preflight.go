package middleware

import "net/http"

// AuthenticatePreflights is [Authenticate] without its exemption of CORS
// preflight requests: an OPTIONS request with Origin and
// Access-Control-Request-Method (Fetch standard, "CORS-preflight
// request") needs credentials like any other. Browsers never send
// credentials with a preflight, so use it only where no browser script
// calls across origins.
func AuthenticatePreflights(schemes ...AuthScheme) func(http.Handler) http.Handler {
	role := authGateOrigin
	role.passPreflights = false
	return newAuthGate("AuthenticatePreflights", role, schemes)
}

// isCORSPreflight reports whether r is a CORS preflight request.
func isCORSPreflight(r *http.Request) bool {
	if r.Method != http.MethodOptions {
		return false
	}
	_, origin := r.Header["Origin"]
	return origin && r.Header.Get("Access-Control-Request-Method") != ""
}

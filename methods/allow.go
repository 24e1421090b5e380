package methods

import (
	"net/http"
	"slices"
)

// Allow returns a middleware for one route that serves the listed methods
// and answers every other method itself (RFC 9110 §15.5.6):
//
//   - a listed method reaches the handler;
//   - HEAD reaches the handler when GET is listed and HEAD is not: Go's
//     server sends the headers the GET would get and drops the body
//     (RFC 9110 §9.3.2);
//   - OPTIONS, when not listed, is answered 204 No Content with Allow
//     (§9.3.7), except a CORS preflight (OPTIONS with Origin and
//     Access-Control-Request-Method), which reaches the handler so a CORS
//     middleware behind Allow can answer it;
//   - any other method gets 405 Method Not Allowed with Allow.
//
// Allow lists the methods in byte order, with HEAD when GET is listed and
// always OPTIONS. Methods are case-sensitive tokens (§9.1): Allow("GET")
// answers "get" with 405. To answer methods the whole server does not
// recognise with 501 instead, put [Implemented] (or [Chi], [ServeMux]) in
// front. Allow panics when given no method or one that is not a token.
func Allow(methods ...string) func(http.Handler) http.Handler {
	if len(methods) == 0 {
		panic("methods: Allow: needs at least one method")
	}
	listed := methodList("Allow", methods)
	a := newAllowed(listed)
	servesOptions := slices.Contains(listed, http.MethodOptions)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case r.Method == http.MethodOptions && !servesOptions && !isPreflight(r):
				writeOptions(w, a.header)
			case a.contains(r.Method):
				next.ServeHTTP(w, r)
			default:
				writeMethodNotAllowed(w, r, a, "methods.Allow")
			}
		})
	}
}

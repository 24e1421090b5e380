package methods

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/fourxx/fourxx/problem"
)

// maxMethodInDetail bounds how much of a method name an explanation
// repeats: Go's server accepts method names up to its MaxHeaderBytes.
const maxMethodInDetail = 64

// methodForDetail returns method, cut to maxMethodInDetail bytes.
func methodForDetail(method string) string {
	if len(method) <= maxMethodInDetail {
		return method
	}
	return method[:maxMethodInDetail] + "…"
}

// isPreflight reports whether r is a CORS preflight request: OPTIONS with
// Origin and Access-Control-Request-Method (Fetch standard §3.2.2). A
// preflight belongs to the CORS handler and is never answered here.
func isPreflight(r *http.Request) bool {
	return r.Method == http.MethodOptions && r.Header.Get("Origin") != "" &&
		r.Header.Get("Access-Control-Request-Method") != ""
}

// writeOptions answers OPTIONS with 204 No Content and the Allow field
// (RFC 9110 §9.3.7).
func writeOptions(w http.ResponseWriter, allowHeader string) {
	w.Header().Set("Allow", allowHeader)
	w.WriteHeader(http.StatusNoContent)
}

// writeMethodNotAllowed answers 405 Method Not Allowed with the Allow
// field (RFC 9110 §15.5.6). source names the refusing constructor.
func writeMethodNotAllowed(w http.ResponseWriter, r *http.Request, a allowed, source string) {
	w.Header().Set("Allow", a.header)
	problem.Write(w, r, &problem.Details{
		Status: http.StatusMethodNotAllowed,
		Source: source,
		Detail: fmt.Sprintf("This resource does not support the %s method; send one of %s.", methodForDetail(r.Method), a.header),
		Extensions: map[string]any{
			"method": r.Method,
			"allow":  a.methods,
		},
	})
}

// writeNotImplemented answers 501 Not Implemented (RFC 9110 §15.6.2) to a
// method the server does not recognise for any resource.
func writeNotImplemented(w http.ResponseWriter, r *http.Request, known []string, source string) {
	problem.Write(w, r, &problem.Details{
		Status: http.StatusNotImplemented,
		Source: source,
		Detail: fmt.Sprintf("This server does not recognise the %s method (method names are case-sensitive); it implements %s.",
			methodForDetail(r.Method), strings.Join(known, ", ")),
		Extensions: map[string]any{
			"method":      r.Method,
			"implemented": known,
		},
	})
}

// NotFound answers 404 Not Found (RFC 9110 §15.5.5) through [problem.Write].
// It is the NotFound handler [Chi] installs and the answer [ServeMux] gives
// for a path no pattern matches; install it on any router that should
// render its 404s as problem details:
//
//	r.NotFound(methods.NotFound)
func NotFound(w http.ResponseWriter, r *http.Request) {
	problem.Write(w, r, &problem.Details{
		Status: http.StatusNotFound,
		Source: "methods.NotFound",
		Detail: "Nothing is served at this path; check the URL.",
	})
}

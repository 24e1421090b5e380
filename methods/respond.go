package methods

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/fourxx/fourxx/internal/echo"
	"github.com/fourxx/fourxx/internal/notfound"
	"github.com/fourxx/fourxx/internal/problemwrite"
	"github.com/fourxx/fourxx/problem"
)

// maxMethodInAnswer bounds how much of a method name a problem repeats, in
// its Detail and its "method" extension: Go's server accepts method names
// up to its MaxHeaderBytes.
const maxMethodInAnswer = 64

// methodForAnswer returns method as a problem may repeat it: cut to
// maxMethodInAnswer bytes (marked "…") as [echo.Cut] cuts. Go's server
// only accepts token methods, which are ASCII; handlers called directly
// can see anything.
func methodForAnswer(method string) string {
	return echo.Cut(method, maxMethodInAnswer, "…")
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
// field (RFC 9110 §15.5.6). source names the refusing constructor. A
// header that held no field holds no Vary once Allow is set in it, which
// problem is told (problemwrite).
func writeMethodNotAllowed(w http.ResponseWriter, r *http.Request, a *allowed, source string) {
	h := w.Header()
	noVary := len(h) == 0
	h["Allow"] = a.field
	problemwrite.Write(w, r, a.refused.answer(r.Method, a, source), noVary)
}

// writeNotImplemented answers 501 Not Implemented (RFC 9110 §15.6.2) to a
// method the server does not recognise for any resource.
func (c *config) writeNotImplemented(w http.ResponseWriter, r *http.Request, source string) {
	problem.Write(w, r, c.notImplemented.Of(r.Method, func(method string) problem.Details {
		method = methodForAnswer(method)
		return problem.Details{
			Status: http.StatusNotImplemented,
			Source: source,
			Detail: fmt.Sprintf("This server does not recognise the %s method (method names are case-sensitive); it implements %s.",
				method, c.knownHeader),
			Extensions: map[string]any{
				"method":      method,
				"implemented": slices.Clone(c.known),
			},
		}
	}))
}

// NotFound answers 404 Not Found (RFC 9110 §15.5.5) through [problem.Write].
// It is the NotFound handler [Chi] installs and the answer [ServeMux] gives
// for a path no pattern matches; install it on any router that should
// render its 404s as problem details:
//
//	r.NotFound(methods.NotFound)
//
// Its Source is "methods.NotFound"; the 404s of [Chi] and [ServeMux] name
// those constructors instead. Every one carries Cache-Control: private
// (or a stricter no-store already set): a 404 is cacheable by default (RFC 9110 §15.1), and any 404 may be a
// refusal concealed as one (middleware.ForbidAsNotFound), which a shared
// cache must not serve to the clients that are allowed; concealed and
// real 404s must look alike.
func NotFound(w http.ResponseWriter, r *http.Request) {
	notfound.Write(w, r, notFoundAnswers.notFound)
}

// notFoundAnswers are the 404s of the package, one per answering
// constructor, prepared once.
var notFoundAnswers = struct{ notFound, chi, serveMux *problem.Details }{
	notFound: notfound.Details("methods.NotFound"),
	chi:      notfound.Details("methods.Chi"),
	serveMux: notfound.Details("methods.ServeMux"),
}

// notFoundWith returns a 404 handler answering d.
func notFoundWith(d *problem.Details) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { notfound.Write(w, r, d) }
}

// Package notfound writes the 404 Not Found (RFC 9110 §15.5.5) of
// methods.NotFound, which a concealing middleware.Forbid repeats: a
// concealed refusal must look exactly like the router's 404.
package notfound

import (
	"net/http"

	"github.com/fourxx/fourxx/internal/cachecontrol"
	"github.com/fourxx/fourxx/internal/problemwrite"
	"github.com/fourxx/fourxx/problem"
)

// Detail explains a 404 to the client.
const Detail = "Nothing is served at this path; check the URL."

// Details returns the 404 whose Source is source, prepared
// (problem.Prepare). Each call allocates and encodes anew: call it once,
// in a package variable or a constructor, and hand the result to every
// request.
func Details(source string) *problem.Details {
	return problem.Prepare(problem.Details{Status: http.StatusNotFound, Source: source, Detail: Detail})
}

// Write answers d, a 404, marked private: any 404 may be a concealed
// refusal, which a shared cache must not serve to the clients allowed. A
// header that held no field holds no Vary once Cache-Control is set in
// it, which problem is told (problemwrite).
func Write(w http.ResponseWriter, r *http.Request, d *problem.Details) {
	h := w.Header()
	noVary := len(h) == 0
	cachecontrol.MarkPrivate(h)
	problemwrite.Write(w, r, d, noVary)
}

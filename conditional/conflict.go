package conditional

import (
	"net/http"

	"github.com/fourxx/fourxx/problem"
)

// Conflict answers 409 Conflict (RFC 9110 §15.5.10) for a handler that
// detected a conflict with the current state of the resource itself, such
// as a version number in the request content that is not the stored one.
// detail explains the conflict ("" for a standard explanation); the
// validators of current, when known, are sent as the members "etag" and
// "last_modified" so the client can fetch, merge and resend. A failed HTTP
// precondition is 412, which [Check] answers, not 409.
func Conflict(w http.ResponseWriter, r *http.Request, detail string, current State) {
	if detail == "" {
		detail = "The request conflicts with the current state of the resource: fetch it again, reapply your change and resend."
	}
	problem.Write(w, r, &problem.Details{
		Status:     http.StatusConflict,
		Source:     "conditional.Conflict",
		Detail:     detail,
		Extensions: stateExtensions(current, map[string]any{}),
	})
}

package conditional

import (
	"net/http"

	"github.com/fourxx/fourxx/problem"
)

// checkSource names [Check] in the problem details it writes.
const checkSource = "conditional.Check"

// writeNotModified answers 304 Not Modified (RFC 9110 §15.4.5): the
// state's validators, the caching fields already set on the response, and
// no content or content metadata. Last-Modified is sent only when there is
// no ETag, as §15.4.5 asks and http.ServeContent does.
func writeNotModified(w http.ResponseWriter, st State, validators *checkValidators) {
	h := w.Header()
	deleteContentMetadata(h)
	delete(h, "Etag")
	delete(h, "Last-Modified")
	if st.ETag != "" {
		h["Etag"] = validators.etagValue(st.ETag)
	} else if !st.LastModified.IsZero() {
		h["Last-Modified"] = validators.lastModifiedValue(st.LastModified)
	}
	w.WriteHeader(http.StatusNotModified)
}

// deleteContentMetadata removes the fields that describe content, which a
// 304 Not Modified does not carry (RFC 9110 §15.4.5).
func deleteContentMetadata(h http.Header) {
	delete(h, "Content-Type")
	delete(h, "Content-Length")
	delete(h, "Content-Encoding")
}

// writePreconditionFailed answers 412 Precondition Failed (RFC 9110
// §15.5.13), naming the field whose condition failed.
func writePreconditionFailed(w http.ResponseWriter, r *http.Request, st State, failed string, validators *checkValidators) {
	problem.Write(w, r, validators.refusal(st).answer(failed, st.Exists))
}

// preconditionFailed builds the 412 naming failed, for a resource that
// exists or not, with the validators of c.
func (c *checkRefusal) preconditionFailed(failed string, exists bool) *problem.Details {
	var detail string
	switch {
	case failed == "If-Unmodified-Since":
		detail = c.modifiedDetail
	case !exists:
		detail = "The resource does not exist, so " + failed + " cannot match; create it without If-Match, or with \"If-None-Match: *\"."
	case failed == "If-None-Match":
		detail = "The resource's current entity-tag matches If-None-Match (or If-None-Match is \"*\" and the resource exists); the request was not applied."
	case c.tag == "":
		detail = "The resource has no entity-tag, so If-Match cannot match; use If-Unmodified-Since with its Last-Modified date instead."
	default:
		detail = c.ifMatchDetail
	}
	ext := map[string]any{"failed": failed}
	if c.tag != "" {
		ext["etag"] = c.tag
	}
	if c.lastModified != "" {
		ext["last_modified"] = c.lastModified
	}
	return &problem.Details{
		Status:     http.StatusPreconditionFailed,
		Source:     checkSource,
		Detail:     detail,
		Extensions: ext,
	}
}

// writePreconditionRequired answers 428 Precondition Required (RFC 6585
// §3), which caches must not store, to a request of method, the
// configured string equal to the request's.
func writePreconditionRequired(w http.ResponseWriter, r *http.Request, st State, method string, validators *checkValidators) {
	w.Header()["Cache-Control"] = noStore
	problem.Write(w, r, validators.required(method, st))
}

// noStore is the Cache-Control value of every 428, shared: one element
// with no spare capacity, so an Add copies it.
var noStore = []string{"no-store"}

// preconditionRequired builds the 428 for a request of method to the
// resource in state st.
func preconditionRequired(method string, st State) problem.Details {
	detail := "This server requires a conditional request for " + method + " to prevent lost updates: fetch the resource and resend with If-Match set to its ETag"
	switch {
	case st.ETag != "":
		detail += ", currently If-Match: " + st.ETag + "."
	case !st.LastModified.IsZero():
		detail = "This server requires a conditional request for " + method + " to prevent lost updates: resend with If-Unmodified-Since: " + httpDate(st.LastModified) + "."
	default:
		detail += "."
	}
	return problem.Details{
		Status:     http.StatusPreconditionRequired,
		Source:     checkSource,
		Detail:     detail,
		Extensions: stateExtensions(st, map[string]any{"required": []string{"If-Match", "If-Unmodified-Since"}}),
	}
}

// writeStateError answers 500 when the state of the resource is unknown.
func writeStateError(w http.ResponseWriter, r *http.Request, detail string) {
	problem.Write(w, r, &problem.Details{
		Status: http.StatusInternalServerError,
		Source: checkSource,
		Detail: detail,
	})
}

// stateExtensions adds the known validators of st to ext as the members
// "etag" and "last_modified".
func stateExtensions(st State, ext map[string]any) map[string]any {
	if st.ETag != "" {
		ext["etag"] = st.ETag
	}
	if !st.LastModified.IsZero() {
		ext["last_modified"] = httpDate(st.LastModified)
	}
	return ext
}

package conditional

import (
	"fmt"
	"net/http"
	"net/textproto"
	"slices"
	"time"
)

// Check returns a middleware that evaluates the preconditions of a request
// before the handler runs, in the order of RFC 9110 §13.2.2: If-Match or
// If-Unmodified-Since (412 when false), If-None-Match or If-Modified-Since
// (304 to GET and HEAD, 412 to other methods), then If-Range, which removes
// Range unless it matches strongly. Apart from reading repeated field lines
// as one list and ignoring Range on HEAD, the status equals
// [http.ServeContent]'s for the same validators.
//
// state returns the current [State] of the target resource; it runs inside
// the route, so chi's URL parameters are available. An error from state, or
// a State.ETag that is not one entity-tag, is answered 500 without its text.
// A GET or HEAD of a resource that does not exist passes, so the handler's
// 404 wins; for other methods "If-Match: *" fails and "If-None-Match: *"
// passes, so a create-only PUT works. CONNECT, OPTIONS and TRACE pass.
//
// A passing GET or HEAD of an existing resource gets the state's ETag and
// Last-Modified unless the response has them. The values are shared between
// responses: replace them with Header.Set or Header.Del, never by writing
// into the slice. They are set before the handler runs, so they are also on
// its own error responses unless it deletes them. A 304 carries the ETag (or
// Last-Modified) and keeps the Cache-Control, Expires, Vary,
// Content-Location and Date already set; a 412 names the failed field in the
// member "failed" and the current validators in "etag" and "last_modified".
//
// Mount anything that sets Vary (negotiation, compression) before Check, so
// that a 304 carries the Vary the 200 would have carried.
//
// Options: [CheckRequirePrecondition] (428), [CheckAlreadyApplied] (2xx for
// a change already made).
func Check(state func(r *http.Request) (State, error), opts ...CheckOption) func(http.Handler) http.Handler {
	if state == nil {
		panic("conditional: Check: needs a non-nil state function")
	}
	var c checkConfig
	for i, opt := range opts {
		if opt == nil {
			panic(fmt.Sprintf("conditional: Check: option %d is nil", i))
		}
		opt(&c)
	}
	validators := new(checkValidators)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.Method {
			case http.MethodConnect, http.MethodOptions, http.MethodTrace:
				next.ServeHTTP(w, r)
				return
			}
			st, err := state(r)
			if err != nil {
				writeStateError(w, r, "The server could not determine the current state of the resource to evaluate the request's preconditions.")
				return
			}
			if st.ETag != "" && !validEntityTag(st.ETag) {
				writeStateError(w, r, "The server's entity-tag for this resource is malformed, so the request's preconditions cannot be evaluated.")
				return
			}
			safe := r.Method == http.MethodGet || r.Method == http.MethodHead
			if i := slices.Index(c.requireMethods, r.Method); !safe && st.Exists && i >= 0 && !hasWritePrecondition(r.Header) {
				writePreconditionRequired(w, r, st, c.requireMethods[i], validators)
				return
			}
			if !st.Exists && safe {
				next.ServeHTTP(w, r)
				return
			}
			switch outcome, failed := evaluatePreconditions(r, st, safe); outcome {
			case preconditionsNotModified:
				writeNotModified(w, st, validators)
				return
			case preconditionsFailed:
				if !safe && c.alreadyApplied != nil && c.alreadyApplied(r, st) {
					validators.set(w.Header(), st)
					w.WriteHeader(http.StatusNoContent)
					return
				}
				writePreconditionFailed(w, r, st, failed, validators)
				return
			}
			if safe && st.Exists {
				validators.set(w.Header(), st)
			}
			next.ServeHTTP(w, withoutIgnoredRange(r, st))
		})
	}
}

// preconditionsOutcome is the answer the evaluation of RFC 9110 §13.2.2
// decides on.
type preconditionsOutcome int

const (
	preconditionsPass        preconditionsOutcome = iota // call the handler
	preconditionsNotModified                             // 304
	preconditionsFailed                                  // 412
)

// evaluatePreconditions runs steps 1 to 4 of RFC 9110 §13.2.2. For
// preconditionsFailed, failed names the field whose condition failed.
//
//  1. If-Match (strong comparison, "*" true when the resource exists;
//     §13.1.1) or, when it is absent, If-Unmodified-Since (ignored when the
//     date is invalid or the resource has no Last-Modified; §13.1.4): false
//     is 412.
//  2. If-None-Match (weak comparison, "*" false when the resource exists;
//     §13.1.2): false is 304 to GET and HEAD, 412 to other methods.
//  3. If-Modified-Since, when If-None-Match is absent, for GET and HEAD
//     (§13.1.3): not modified since is 304.
//  4. If-Range on a GET with Range (§13.1.5): unless it matches strongly
//     (the same strong entity-tag, or a date equal to Last-Modified), Range
//     is removed. Range on a HEAD is always removed: §14.2 defines range
//     requests for GET only.
//
// Repeated field lines form one list (§5.3). Dates are compared at
// one-second resolution in any of the three HTTP-date formats; a date field
// with more than one value is ignored. Entity-tag lists are scanned as
// http.ServeContent scans them, up to the first element that is not an
// entity-tag. Deciding before the handler means the validators are set on
// every passing response, not only 2xx: setting them on 2xx only would need
// a wrapped ResponseWriter on every passing request.
func evaluatePreconditions(r *http.Request, st State, safe bool) (outcome preconditionsOutcome, failed string) {
	h := r.Header
	hasDate := !st.LastModified.IsZero()
	if present, matched := etagListMatch(h["If-Match"], st.ETag, st.Exists, true); present {
		if !matched {
			return preconditionsFailed, "If-Match"
		}
	} else if t, ok := singleHTTPDate(h["If-Unmodified-Since"]); ok && hasDate && modifiedAfter(st.LastModified, t) {
		return preconditionsFailed, "If-Unmodified-Since"
	}
	if present, matched := etagListMatch(h["If-None-Match"], st.ETag, st.Exists, false); present {
		switch {
		case !matched:
			return preconditionsPass, ""
		case safe:
			return preconditionsNotModified, ""
		default:
			return preconditionsFailed, "If-None-Match"
		}
	}
	if safe && hasDate {
		if t, ok := singleHTTPDate(h["If-Modified-Since"]); ok && !modifiedAfter(st.LastModified, t) {
			return preconditionsNotModified, ""
		}
	}
	return preconditionsPass, ""
}

// withoutIgnoredRange returns r, or a copy of r without its Range field
// when the range must be ignored: on HEAD (RFC 9110 §14.2) and on a GET
// whose If-Range does not match (RFC 9110 §13.1.5).
func withoutIgnoredRange(r *http.Request, st State) *http.Request {
	if !hasLine(r.Header["Range"]) {
		return r
	}
	switch r.Method {
	case http.MethodHead:
	case http.MethodGet:
		if ifRange := r.Header["If-Range"]; !hasLine(ifRange) || ifRangeMatches(ifRange, st) {
			return r
		}
	default:
		return r
	}
	r2 := new(http.Request)
	*r2 = *r
	r2.Header = r.Header.Clone()
	r2.Header.Del("Range")
	return r2
}

// ifRangeMatches evaluates an If-Range field (RFC 9110 §13.1.5): one
// entity-tag that strongly matches the current one, or one HTTP-date equal
// to Last-Modified. As in [http.ServeContent], text after the entity-tag
// is ignored. Several values never match.
func ifRangeMatches(lines []string, st State) bool {
	value, ok := singleFieldValue(lines)
	if !ok {
		return false
	}
	if tag, _ := scanEntityTag(textproto.TrimString(value)); tag != "" {
		return st.ETag != "" && entityTagsMatch(tag, st.ETag, true)
	}
	t, err := http.ParseTime(value)
	return err == nil && !st.LastModified.IsZero() && t.Unix() == st.LastModified.Unix()
}

// hasWritePrecondition reports whether a request carries a precondition
// that protects against lost updates: If-Match, a valid
// If-Unmodified-Since, or the create-only "If-None-Match: *".
func hasWritePrecondition(h http.Header) bool {
	if hasLine(h["If-Match"]) {
		return true
	}
	if _, ok := singleHTTPDate(h["If-Unmodified-Since"]); ok {
		return true
	}
	_, star := etagListMatch(h["If-None-Match"], "", true, false)
	return star
}

// hasLine reports whether a field has a non-empty line.
func hasLine(lines []string) bool {
	for _, line := range lines {
		if line != "" {
			return true
		}
	}
	return false
}

// httpDate formats t as an IMF-fixdate for explanations, or "" for the
// zero Time.
func httpDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(http.TimeFormat)
}

package conditional

import (
	"fmt"
	"net/http"
	"slices"
)

// A CheckOption configures [Check], the evaluation of the conditional requests
// of RFC 9110 §13.
type CheckOption func(*checkConfig)

// checkConfig is the configuration [Check] builds from its options.
type checkConfig struct {
	// requireMethods are the methods refused with 428 without a
	// precondition; nil when CheckRequirePrecondition was not given.
	requireMethods []string
	// alreadyApplied reports whether a refused unsafe request's change is
	// already in effect.
	alreadyApplied func(r *http.Request, st State) bool
}

// defaultRequireMethods are the methods [CheckRequirePrecondition] covers when
// given none: the writes that can lose an update.
var defaultRequireMethods = []string{http.MethodPut, http.MethodPatch, http.MethodDelete}

// CheckRequirePrecondition makes [Check] answer 428 Precondition Required (RFC
// 6585 §3) to a request with one of methods (PUT, PATCH and DELETE when
// none are given) for an existing resource that carries no If-Match, no
// valid If-Unmodified-Since and no "If-None-Match: *" (which fails with
// 412 on an existing resource): the lost-update protection of RFC 9110
// §13.1.1. A request for a resource that does not exist yet passes, so a
// client can create it (with "If-None-Match: *" to create only). The
// answer carries "Cache-Control: no-store", as RFC 6585 §3 requires, and
// tells the client to resubmit with If-Match and the current entity-tag.
// Safe methods (RFC 9110 §9.2.1) cannot be required to be conditional.
func CheckRequirePrecondition(methods ...string) CheckOption {
	if len(methods) == 0 {
		methods = defaultRequireMethods
	}
	for _, m := range methods {
		switch m {
		case "", http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
			panic(fmt.Sprintf("conditional: CheckRequirePrecondition: needs unsafe methods, got %q", m))
		}
	}
	methods = slices.Clone(methods)
	return func(c *checkConfig) { c.requireMethods = methods }
}

// CheckAlreadyApplied lets [Check] answer 204 No Content instead of 412
// Precondition Failed to an unsafe request whose precondition failed when
// applied(r, current) reports that the requested change is already in
// effect, for example because the client is retrying a request whose
// response it lost (RFC 9110 §13.1.1). The 204 carries the current ETag
// and Last-Modified. applied may read the request content; the handler is
// not called either way.
func CheckAlreadyApplied(applied func(r *http.Request, current State) bool) CheckOption {
	if applied == nil {
		panic("conditional: CheckAlreadyApplied: needs a non-nil function")
	}
	return func(c *checkConfig) { c.alreadyApplied = applied }
}

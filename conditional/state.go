package conditional

import "time"

// State is what [Check] needs to know about the target resource to
// evaluate preconditions (RFC 9110 §13.2.1): whether a current
// representation exists and its validators (RFC 9110 §8.8).
type State struct {
	// Exists reports whether the target resource has a current
	// representation. "If-Match: *" fails and "If-None-Match: *" passes
	// when it is false (RFC 9110 §13.1.1, §13.1.2).
	Exists bool
	// ETag is the entity-tag of the current representation as it is sent
	// in the ETag field, quotes included: `"v7"` or `W/"v7"` (RFC 9110
	// §8.8.3). Empty means the resource has none.
	ETag string
	// LastModified is the modification date of the current representation
	// (RFC 9110 §8.8.2). It is compared at one-second resolution; the zero
	// Time means the resource has none.
	LastModified time.Time
}

// Package conditional makes the conditional requests of RFC 9110 §13 a
// decision taken before the handler runs.
//
// [Check] evaluates If-Match, If-Unmodified-Since, If-None-Match,
// If-Modified-Since and If-Range in the order of RFC 9110 §13.2.2 against
// the current [State] of the target resource and answers 412 Precondition
// Failed or 304 Not Modified without calling the handler; with
// [CheckRequirePrecondition] it answers 428 Precondition Required (RFC 6585
// §3) to writes that carry no precondition. [ETag] gives existing handlers
// strong entity-tags and 304 responses by hashing what they write.
// [SingleWriter] answers 409 Conflict (RFC 9110 §15.5.10) to an unsafe
// request while another one holds the same resource, and [Conflict] is the
// same answer for handlers that detect a version conflict themselves.
//
// Every rejection goes through [problem.Write].
//
// Mount content negotiation (middleware.Negotiate, anything that sets Vary)
// before [Check], so that a 304 carries the Vary of the 200 (RFC 9110
// §15.4.5). Mount [ETag] outside compression, so that each content coding
// gets its own tag (RFC 9110 §8.8.3).
package conditional

// Package ratelimit answers 429 Too Many Requests (RFC 6585 §4) from a token
// bucket per key, with the RateLimit and RateLimit-Policy fields of
// draft-ietf-httpapi-ratelimit-headers-11 on every response.
//
// [Limit] is the middleware. Each Limit owns its buckets, so routes get
// their own limits through chi's Use, With, Group and Route, and several
// Limits on one route compose: the request must pass all of them, and the
// response lists every policy and reports the tightest. Keys come from a [KeyFunc]: the client IP
// by default ([KeyByIP]), or a header, the route pattern, or any join of
// them ([JoinKeys]). With [LimitChargeAfter] a Limit charges a request by its
// outcome, such as a failed login, instead of on arrival; [Concurrency]
// limits the requests of a key in flight at once rather than per time, and
// [Quota] counts them per calendar day or month in a time zone.
//
// Buckets live in a [Store]. [MemoryStore], the default, keeps a compact
// state per key in sharded maps with a hard cap on tracked keys; a
// distributed store implements the same interface and reproduces
// [Decide], the bucket arithmetic, decision for decision.
//
// [KeyByIP] reads the client IP that chi's middleware.ClientIPFrom* stored
// in the context: mount that middleware before Limit, or every client
// behind a proxy shares the proxy's bucket. [KeyByRoute] reads the route
// pattern, which chi knows only after routing: use it in a Limit mounted
// with With or inside a Group, not with the router's Use.
package ratelimit

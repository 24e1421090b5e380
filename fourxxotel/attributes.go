package fourxxotel

import (
	"go.opentelemetry.io/otel/attribute"
)

// The attribute keys of this package; the semantic conventions define none
// for them.
const (
	// SourceKey names the fourxx constructor that refused the request,
	// such as "middleware.MaxURILength" (problem.Details.Source).
	SourceKey = attribute.Key("fourxx.source")
	// ProblemTypeKey is the problem type URI of the refusal (RFC 9457
	// §3.1.1), "about:blank" when the problem has none.
	ProblemTypeKey = attribute.Key("fourxx.problem.type")
	// PolicyKey is the name of a rate-limit policy (ratelimit.LimitName).
	PolicyKey = attribute.Key("fourxx.ratelimit.policy")
	// OutcomeKey is "allowed" or "denied", the outcome of a rate-limit
	// decision.
	OutcomeKey = attribute.Key("fourxx.ratelimit.outcome")
	// StoreKey names a rate-limit store, as [Telemetry.ObserveBreaker]
	// was told.
	StoreKey = attribute.Key("fourxx.ratelimit.store")
	// BreakerStateKey is the state of a store's circuit breaker.
	BreakerStateKey = attribute.Key("fourxx.ratelimit.breaker.state")
)

// RefusalEvent is the name of the span event a refusal adds.
const RefusalEvent = "fourxx.refusal"

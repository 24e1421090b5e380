// Package fourxxotel reports fourxx's refusals to OpenTelemetry: on the
// request's span, which otelhttp or any other instrumentation started, and
// as metrics. It is a module of its own, so the core fourxx module does not
// require OpenTelemetry.
//
// [Telemetry.Middleware] builds on [middleware.Record]: once the handler
// has returned, a request that a fourxx middleware refused (a problem
// written with [problem.Write] whose Source is set) adds the event
// "fourxx.refusal" and attributes to the active span and one to the
// fourxx.refusals counter; a request the client abandoned (nginx's 499)
// marks the span as failed and counts in fourxx.client_closed_requests; a
// handler that panicked marks it as failed too.
// Both are recorded when the handler returns, while the span is still
// open; the event then carries that time.
// [Telemetry.Store] wraps a [ratelimit.Store] to count rate-limit
// decisions by policy and outcome, and store errors;
// [Telemetry.ObserveBreaker] reports a store's circuit breaker.
//
// Attribute names follow the OpenTelemetry semantic conventions for HTTP
// servers where they define one: http.response.status_code, http.route
// (chi's route pattern, never the raw path, so attribute sets stay few)
// and error.type (the status code as a string for a refusal, as the
// conventions write it for an error status, on fourxx.refusals and, for a
// 5xx only, on the span, which the conventions leave without it for a
// 4xx; "499" for a client that closed the request). The others are
// prefixed fourxx.:
//
//	fourxx.source             the refusing constructor, problem.Details.Source
//	fourxx.problem.type       the problem type URI (RFC 9457 §3.1.1), "about:blank" when unset
//	fourxx.ratelimit.policy   the policy name of a 429 from ratelimit.Limit
//	fourxx.ratelimit.outcome  "allowed" or "denied", on fourxx.ratelimit.decisions
//
// A 4xx refusal leaves the span status unset, as the conventions require
// of server spans; a 5xx (such as ratelimit's 503 when its store fails
// closed) is marked an error by the HTTP instrumentation itself.
package fourxxotel

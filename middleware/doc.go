// Package middleware holds fourxx's general request rules: one constructor
// per rule, each returning a func(http.Handler) http.Handler that checks one
// thing before the application handler runs and rejects a bad request with
// the 4xx status its RFC names, the headers that status requires and an
// explanation written by [problem.Write]. A constructor validates its
// configuration once and panics on a bad one: a nil option or function, or
// a size or duration of zero or less (each default is an exported constant,
// such as [DefaultMaxURILength], to pass explicitly).
//
// Every middleware works around a plain http.Handler and in chi's Use, With,
// Group and Route, so each route can carry its own rules. Mount the cheap
// checks that need no body first: URI length, then rate limits and methods,
// then the header and body rules.
//
// Mount [AccessLog] (or [Record]) first, so it sees every refusal of the
// middlewares below it. Mount [Negotiate], and anything else that sets
// Vary, before conditional.Check, so that a 304 carries the Vary of the 200
// (RFC 9110 §15.4.5).
package middleware

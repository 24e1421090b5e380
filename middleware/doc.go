// Package middleware holds fourxx's general request rules: one constructor
// per rule, each returning a func(http.Handler) http.Handler that checks one
// thing before the application handler runs and rejects a bad request with
// the 4xx status its RFC names, the headers that status requires and an
// explanation written by [problem.Write].
//
// Every middleware works around a plain http.Handler and in chi's Use, With,
// Group and Route, so each route can carry its own rules. Mount the cheap
// checks that need no body first: URI length, then rate limits and methods,
// then the header and body rules.
package middleware

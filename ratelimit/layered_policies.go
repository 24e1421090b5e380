package ratelimit

import (
	"net/http"
	"sync/atomic"
)

// policyJoin is a RateLimit-Policy value that lists a limit's policy after
// the ones the limits further out sent.
type policyJoin struct {
	outer string
	field []string
}

// addPolicy adds the policy item of field (one element) to the
// RateLimit-Policy of h, after those of the limits further out: every
// layer's policy is listed (draft-ietf-httpapi-ratelimit-headers-11 §3),
// while RateLimit reports the tightest. The joined value is cached in
// join, so that a route's layers cost no allocation once it has been
// built.
func addPolicy(h http.Header, field []string, join *atomic.Pointer[policyJoin]) {
	sent := h[headerRateLimitPolicy]
	switch len(sent) {
	case 0:
		h[headerRateLimitPolicy] = field
	case 1:
		if j := join.Load(); j != nil && j.outer == sent[0] && j.field[0][len(sent[0])+2:] == field[0] {
			h[headerRateLimitPolicy] = j.field
			return
		}
		j := &policyJoin{outer: sent[0], field: []string{sent[0] + ", " + field[0]}[:1:1]}
		join.Store(j)
		h[headerRateLimitPolicy] = j.field
	default:
		h[headerRateLimitPolicy] = append(sent[:len(sent):len(sent)], field[0])
	}
}

package ratelimit

import "context"

// Store holds the token buckets of one or more quota policies
// (draft-ietf-httpapi-ratelimit-headers-11 §3.1). Take takes cost tokens
// (0 ≤ cost ≤ p.Burst) from the bucket of key under policy p, at the
// store's own clock, and returns the decision [Decide] defines. It must be
// atomic per bucket: concurrent calls for one key behave as some serial
// order of them. Keys of policies with different names never share a
// bucket.
//
// [MemoryStore] implements Store in process; a distributed store runs the
// same arithmetic where the state lives (for Redis: one Lua script per
// decision, with the time from Redis TIME). An error means no decision was
// made; [Limit] then fails open or closed as configured.
type Store interface {
	Take(ctx context.Context, key string, p Policy, cost int) (Decision, error)
}

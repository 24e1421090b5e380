package ratelimit

import (
	"context"
	"fmt"
	"time"
)

// Window is one calendar window of a [Quota]: the quota policy
// (draft-ietf-httpapi-ratelimit-headers-11 §3.1) Name allows Limit quota
// units from Start to End.
type Window struct {
	Name       string
	Start, End time.Time
	Limit      int
}

// Counter is a [Store] that also counts quota units in calendar windows,
// as [Quota] needs. Count adds cost (0 ≤ cost ≤ w.Limit) to the count of
// key in window w when the sum stays within w.Limit, and returns the
// count after the decision and whether it was added. It must be atomic
// per key and window; the count of a window may be forgotten once it has
// ended. [MemoryStore] and the Redis store implement it.
type Counter interface {
	Store
	Count(ctx context.Context, key string, w Window, cost int) (used int, allowed bool, err error)
}

// Count implements [Counter]. The count shares the store's entries and
// capacity with the token buckets: an entry holds the window's end in
// microseconds plus the count, so that it is forgotten like a full bucket
// once the window has ended. It fails only for a cost outside
// [0, w.Limit] or a window that does not end after it starts.
func (s *MemoryStore) Count(_ context.Context, key string, w Window, cost int) (int, bool, error) {
	if cost < 0 || cost > w.Limit || !w.End.After(w.Start) {
		return 0, false, fmt.Errorf("ratelimit: MemoryStore cannot count %d units in window %+v", cost, w)
	}
	end := w.End.UnixMicro()
	h := s.hash(w.Name, key) ^ uint64(w.Start.UnixMicro())*0xff51afd7ed558ccd
	now := s.clock.Micros()
	sh := &s.shards[h&s.mask]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	v, tracked := sh.tats[h]
	used := 0
	if tracked && v >= end {
		used = int(v - end)
	}
	if used+cost > w.Limit {
		return used, false, nil
	}
	used += cost
	switch {
	case tracked:
		sh.tats[h] = end + int64(used)
	case used > 0:
		sh.insert(h, end+int64(used), now, s.shardCap)
	}
	return used, true, nil
}

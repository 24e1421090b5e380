package ratelimit

import (
	"context"
	"fmt"
	"time"
)

// Charger is a [Store] that also settles a charge after the fact, as
// [LimitChargeAfter] needs: Charge adds cost tokens of debt to the bucket of
// key under p (or, for a negative cost, gives tokens back) whatever the
// bucket holds, with the arithmetic of [DecideCharge]. It is atomic per
// bucket together with Take. [MemoryStore] and the Redis store implement it.
type Charger interface {
	Store
	Charge(ctx context.Context, key string, p Policy, cost int) (Decision, error)
}

// DecideCharge is the arithmetic of [Charger.Charge], in the terms of
// [Decide] (−B ≤ n ≤ B): the charge always applies, and the bucket never
// holds fewer than zero tokens nor more than the burst.
//
//	base   = max(tat, now)
//	newTAT = min(base + n*T, now + B*T)   // never below zero tokens
//	if newTAT <= now: the bucket is full; forget the key
//	Remaining = (now + B*T - max(newTAT, now)) / T
//	Full, Wait as in Decide's allowed case
//
// Allowed is always true.
func DecideCharge(p Policy, tat, now int64, cost int) (newTAT int64, d Decision) {
	t := p.Interval.Microseconds()
	limit := now + int64(p.Burst)*t
	newTAT = min(max(tat, now)+int64(cost)*t, limit)
	full := max(newTAT-now, 0)
	wait := int64(0)
	if full > 0 {
		if wait = full % t; wait == 0 {
			wait = t
		}
	}
	return newTAT, Decision{
		Allowed:   true,
		Remaining: int((limit - now - full) / t),
		Wait:      time.Duration(wait) * time.Microsecond,
		Full:      time.Duration(full) * time.Microsecond,
	}
}

// Charge implements [Charger] with the arithmetic of [DecideCharge] at the
// store's clock. It fails only for an invalid policy or a cost outside
// [−p.Burst, p.Burst].
func (s *MemoryStore) Charge(_ context.Context, key string, p Policy, cost int) (Decision, error) {
	if !p.Valid() || cost < -p.Burst || cost > p.Burst {
		return Decision{}, fmt.Errorf("ratelimit: MemoryStore cannot charge %d tokens under policy %+v", cost, p)
	}
	h := s.hash(p.Name, key)
	now := s.clock.Micros()
	sh := &s.shards[h&s.mask]
	sh.mu.Lock()
	tat, tracked := sh.tats[h]
	newTAT, d := DecideCharge(p, tat, now, cost)
	sh.settle(h, tracked, newTAT, now, true, s.shardCap)
	sh.mu.Unlock()
	return d, nil
}

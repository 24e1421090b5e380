package ratelimit

import (
	"errors"
	"fmt"
	"maps"
	"sync"
	"sync/atomic"

	"golang.org/x/time/rate"
)

// LivePolicy changes the rate and burst of one [Limit], given with [LimitLive],
// while it serves: an admin endpoint or a configuration reload tunes a
// limit without a restart. Each request is decided by the whole old
// policy or the whole new one, with its fields and 429 body; reading the
// current policy takes no lock and allocates nothing. [LivePolicy.Set]
// changes Limit's own policy, [LivePolicy.SetTier] one of its [LimitTiers].
//
// Buckets carry over: with a [LimitName] of your own, a client's bucket goes on
// under the new rate and burst in the same store; under the default name,
// which spells out the policy, the new policy starts with full buckets.
type LivePolicy struct {
	mu  sync.Mutex
	cur *atomic.Pointer[limiter]
}

// NewLivePolicy returns a LivePolicy for [LimitLive].
func NewLivePolicy() *LivePolicy { return &LivePolicy{} }

// LimitLive makes p change this Limit's policy. A LivePolicy serves one Limit;
// it panics when p is nil or already used by another Limit.
func LimitLive(p *LivePolicy) LimitOption {
	if p == nil {
		panic("ratelimit: LimitLive: nil LivePolicy")
	}
	return func(l *limiter) { l.live = p }
}

// attach binds p to the limiter that cur holds.
func (p *LivePolicy) attach(cur *atomic.Pointer[limiter]) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cur != nil {
		panic("ratelimit: LimitLive: the LivePolicy is already used by another Limit")
	}
	p.cur = cur
}

// Set replaces the Limit's policy by the one of [rate.NewLimiter](r,
// burst), for every request that starts after it returns. It returns the
// error [Limit] would panic with on r and burst, and an error when no
// Limit uses p yet; the policy in force then stays.
func (p *LivePolicy) Set(r rate.Limit, burst int) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%v", v)
		}
	}()
	policy := newPolicy("Limit", "", r, burst)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cur == nil {
		return errors.New("ratelimit: LivePolicy.Set: no Limit uses this LivePolicy")
	}
	l := *p.cur.Load()
	l.policy = policy
	l.derive()
	p.cur.Store(&l)
	return nil
}

// SetTier replaces the policy of the tier name ([LimitTiers]) by the one of
// [rate.NewLimiter](r, burst), keeping its name and buckets, for every
// request that starts after it returns. It returns an error, and keeps
// the policy in force, on what [NewPolicy] refuses, for a name that is not
// a tier of the Limit, or when no Limit uses p yet.
func (p *LivePolicy) SetTier(name string, r rate.Limit, burst int) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%v", v)
		}
	}()
	policy := newPolicy("Limit", name, r, burst)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cur == nil {
		return errors.New("ratelimit: LivePolicy.SetTier: no Limit uses this LivePolicy")
	}
	l := *p.cur.Load()
	old, ok := l.tiers[name]
	if !ok {
		return fmt.Errorf("ratelimit: LivePolicy.SetTier: the Limit has no tier %q", name)
	}
	t := *old
	t.policy = policy
	t.derive()
	l.tiers = maps.Clone(l.tiers)
	l.tiers[name] = &t
	p.cur.Store(&l)
	return nil
}

// Policy returns the policy in force, with its name, or the zero Policy
// when no Limit uses p yet.
func (p *LivePolicy) Policy() Policy {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cur == nil {
		return Policy{}
	}
	return p.cur.Load().policy
}

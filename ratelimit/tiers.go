package ratelimit

import (
	"fmt"
	"net/http"
)

// LimitTiers makes [Limit] choose the policy of each request: choose returns
// the Name of one of policies, such as the plan of the request's API key
// ("free", "paid") or an override for one customer, and any other value
// ("" included) selects Limit's own policy. Each policy has buckets of its
// own, in any [Store], since stores keep policies apart by name, and
// RateLimit-Policy, RateLimit and a 429 name the policy applied
// (draft-ietf-httpapi-ratelimit-headers-11 §3.1). The key ([LimitKey]) still
// names the bucket within the policy; other options apply to every tier.
// [LivePolicy.SetTier] changes a tier's policy while serving.
//
// choose runs on every request, before the key: keep it cheap (a header
// or a value a previous middleware put in the context). It panics when
// choose is nil, policies is empty, or a policy is invalid, unnamed,
// not printable ASCII or named like another or like Limit's own policy.
func LimitTiers(choose func(r *http.Request) string, policies ...Policy) LimitOption {
	if choose == nil {
		panic("ratelimit: LimitTiers: nil function")
	}
	if len(policies) == 0 {
		panic("ratelimit: LimitTiers: needs at least one Policy")
	}
	for _, p := range policies {
		if !p.Valid() {
			panic(fmt.Sprintf("ratelimit: LimitTiers: policy %+v is invalid; build it with NewPolicy", p))
		}
		if p.Name == "" || !printableASCII(p.Name) {
			panic(fmt.Sprintf("ratelimit: LimitTiers: policy name %q is empty or not printable ASCII", p.Name))
		}
	}
	return func(l *limiter) { l.choose, l.tierPolicies = choose, policies }
}

// LimitExempt lets the requests for which exempt returns true through without
// counting them and without rate-limit fields, such as health checks or
// requests from internal networks. It runs before the key and the tier,
// and applies to [Limit] (with or without [LimitChargeAfter]), [Concurrency],
// where an exempt request holds no slot, and [Quota]. It panics when
// exempt is nil.
func LimitExempt(exempt func(r *http.Request) bool) LimitOption {
	if exempt == nil {
		panic("ratelimit: LimitExempt: nil function")
	}
	return func(l *limiter) { l.exempt = exempt }
}

// printableASCII reports whether s is made of printable ASCII characters.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// deriveTiers builds the limiter of each tier from l, whose own policy
// is derived: a copy with the tier's policy.
func (l *limiter) deriveTiers() {
	if l.choose == nil {
		return
	}
	l.tiers = make(map[string]*limiter, len(l.tierPolicies))
	for _, p := range l.tierPolicies {
		if _, dup := l.tiers[p.Name]; dup || p.Name == l.policy.Name {
			panic(fmt.Sprintf("ratelimit: LimitTiers: policy name %q is used twice", p.Name))
		}
		t := *l
		t.policy, t.givenName, t.tiers, t.choose = p, p.Name, nil, nil
		t.derive()
		l.tiers[p.Name] = &t
	}
}

// forRequest returns the limiter that decides r: l itself or its tier's.
func (l *limiter) forRequest(r *http.Request) *limiter {
	if l.choose != nil {
		if t, ok := l.tiers[l.choose(r)]; ok {
			return t
		}
	}
	return l
}

package middleware

import (
	"sync/atomic"
)

// ForbidRules holds the rules of one or more [Forbid] middlewares, given
// with [ForbidRulesFrom], so that they can be replaced while serving, such
// as a blocklist loaded from a file or an admin endpoint. Each request is
// decided by the whole old set or the whole new one, never a mix; reading
// the current set takes no lock and allocates nothing.
type ForbidRules struct {
	set atomic.Pointer[forbidSet]
}

// forbidSet is one compiled, immutable set of rules.
type forbidSet struct {
	rules  []forbidRule
	needIP bool
	vary   []gateVary
}

// NewForbidRules returns the rules for [ForbidRulesFrom], starting with
// rules. It panics where [Forbid] does on rules.
func NewForbidRules(rules []AccessRule) *ForbidRules {
	f := &ForbidRules{}
	f.set.Store(compileForbidSet(rules))
	return f
}

// Set replaces the rules, for every request that starts after it returns.
// It returns the error [Forbid] would panic with on invalid rules, and
// then keeps the rules it had. It is safe to call while serving.
func (f *ForbidRules) Set(rules []AccessRule) error {
	set, err := compileLive(func() *forbidSet { return compileForbidSet(rules) })
	if err != nil {
		return err
	}
	f.set.Store(set)
	return nil
}

// ForbidRulesFrom makes [Forbid] decide with the current rules of live
// instead of a fixed list; Forbid's rules must then be nil. It panics when
// live is nil.
func ForbidRulesFrom(live *ForbidRules) ForbidOption {
	if live == nil {
		panic("middleware: ForbidRulesFrom: the rules are nil")
	}
	return func(c *forbidConfig) { c.live = live }
}

// compileForbidSet compiles rules; it panics on invalid rules.
func compileForbidSet(rules []AccessRule) *forbidSet {
	if len(rules) == 0 {
		panic("middleware: Forbid: needs at least one AccessRule")
	}
	s := &forbidSet{rules: make([]forbidRule, len(rules))}
	for i, rule := range rules {
		s.rules[i] = compileForbidRule(i, rule)
		s.needIP = s.needIP || len(s.rules[i].prefixes) > 0
	}
	s.vary = newForbidVary(s.rules)
	return s
}

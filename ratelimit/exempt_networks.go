package ratelimit

import (
	"fmt"
	"net/http"
	"net/netip"
	"sync/atomic"

	"github.com/fourxx/fourxx/internal/clientip"
)

// ExemptNetworks is a set of client networks, such as internal ones or a
// monitoring service's, for [LimitExempt] (LimitExempt(networks.Contains)),
// that can be replaced while serving. Each request is checked against the
// whole old set or the whole new one; reading it takes no lock and allocates
// nothing.
type ExemptNetworks struct {
	set atomic.Pointer[[]netip.Prefix]
}

// NewExemptNetworks returns the set of the networks given as CIDR prefixes
// ("10.0.0.0/8", "2001:db8::/32") or single addresses. It panics on
// anything else.
func NewExemptNetworks(networks ...string) *ExemptNetworks {
	e := &ExemptNetworks{}
	if err := e.Set(networks...); err != nil {
		panic(err.Error())
	}
	return e
}

// Set replaces the networks, for every request that starts after it
// returns. On a value that is neither a prefix nor an address it returns
// an error and keeps the networks it had.
func (e *ExemptNetworks) Set(networks ...string) error {
	prefixes := make([]netip.Prefix, len(networks))
	for i, s := range networks {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				return fmt.Errorf("ratelimit: ExemptNetworks: %q is neither a CIDR prefix nor an IP address", s)
			}
			a = a.Unmap().WithZone("")
			p = netip.PrefixFrom(a, a.BitLen())
		}
		prefixes[i] = p.Masked()
	}
	e.set.Store(&prefixes)
	return nil
}

// Contains reports whether the client IP of r (the one chi's
// ClientIPFrom* middlewares stored, else the TCP peer) is in one of the
// networks.
func (e *ExemptNetworks) Contains(r *http.Request) bool {
	ip, _ := clientip.Of(r)
	if !ip.IsValid() {
		return false
	}
	for _, p := range *e.set.Load() {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

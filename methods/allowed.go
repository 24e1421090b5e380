package methods

import (
	"net/http"
	"slices"
	"strings"
	"sync"
)

// allowed is the precomputed answer for one target: the methods it
// supports, in byte order, and the Allow field value that lists them.
// The Allow field value is shared by every response: one element with no
// spare capacity, so that an Add copies it. The 405s already
// answered are cached per method.
type allowed struct {
	methods []string
	header  string
	field   []string
	refused *refusedMethods
}

// noneAllowed is the allowed value of a target that does not exist.
var noneAllowed = &allowed{}

// newAllowed completes routed, the sorted methods a target routes, into
// the methods it supports (RFC 9110 §10.2.1): HEAD when GET is routed
// (§9.3.2), and OPTIONS, which is always answered. An empty routed set
// stays empty: the target does not exist. The value returned is shared
// and never modified.
func newAllowed(routed []string) *allowed {
	if len(routed) == 0 {
		return noneAllowed
	}
	list := slices.Clone(routed)
	if slices.Contains(list, http.MethodGet) {
		list = append(list, http.MethodHead)
	}
	list = append(list, http.MethodOptions)
	slices.Sort(list)
	list = slices.Compact(list)
	header := strings.Join(list, ", ")
	return &allowed{methods: list, header: header, field: []string{header}[:1:1], refused: new(refusedMethods)}
}

// contains reports whether the target supports method. It does not allocate.
func (a *allowed) contains(method string) bool {
	return slices.Contains(a.methods, method)
}

// allowedSets holds the allowed value of each set of methods a router
// has routed so far, so answering OPTIONS and 405 does not rebuild it.
// A set is a bit mask over known: bit i stands for known[i].
type allowedSets struct {
	known []string
	mu    sync.RWMutex
	sets  map[uint64]*allowed
}

// newAllowedSets returns an empty cache over known, at most 64 methods.
func newAllowedSets(known []string) *allowedSets {
	return &allowedSets{known: known, sets: make(map[uint64]*allowed)}
}

// of returns the allowed value of set.
func (s *allowedSets) of(set uint64) *allowed {
	s.mu.RLock()
	a, ok := s.sets[set]
	s.mu.RUnlock()
	if ok {
		return a
	}
	var routed []string
	for i, m := range s.known {
		if set&(1<<i) != 0 {
			routed = append(routed, m)
		}
	}
	a = newAllowed(routed)
	s.mu.Lock()
	s.sets[set] = a
	s.mu.Unlock()
	return a
}

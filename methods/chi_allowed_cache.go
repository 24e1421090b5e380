package methods

import (
	"hash/maphash"
	"reflect"
	"strings"
	"sync/atomic"

	"github.com/go-chi/chi/v5"
)

// chiAllowedCache keeps the allowed value [Chi] computed for a router and
// a routing path, so that a flood repeating a few refused requests asks
// chi's Find nothing. It is direct-mapped by a hash of the path: a fixed
// number of slots, each holding the last answer stored there, so a scan
// of distinct paths does not grow it. A slot takes a new path only on its
// second miss in a row there, so such a scan allocates nothing either.
//
// An answer holds for as long as the routes it was computed from: it
// names the readings of Routes it was computed after and what chi itself
// found on the path while routing the request (chiFound); when a route
// added since changes either, the answer is computed again.
type chiAllowedCache struct {
	seed  maphash.Seed
	slots []chiAllowedSlot
}

// chiAllowedSlot is one slot of a chiAllowedCache.
type chiAllowedSlot struct {
	answer atomic.Pointer[chiAllowedAnswer]
	// missed is the hash of the path that last missed here, plus one (so
	// that zero means none).
	missed atomic.Uint64
}

// chiAllowedKey is what an answer depends on.
type chiAllowedKey struct {
	router *chi.Mux
	path   string
	// reads counts the readings of Routes before the answer was computed.
	reads uint64
	// found is chiFound of the request refused.
	found uint64
	hash  uint64
}

// chiAllowedAnswer is one answer of a chiAllowedCache.
type chiAllowedAnswer struct {
	key     chiAllowedKey
	allowed allowed
}

// Sizes of a chiAllowedCache: the number of slots, a power of two, and
// the longest path it keeps (a slot holds a copy).
const (
	chiAllowedSlots   = 512
	maxChiAllowedPath = 256
)

// newChiAllowedCache returns an empty cache of slots slots, a power of two.
func newChiAllowedCache(slots int) *chiAllowedCache {
	return &chiAllowedCache{seed: maphash.MakeSeed(), slots: make([]chiAllowedSlot, slots)}
}

// key returns the key of the request refused on path by router, whose
// routing context is rctx, after reads readings of Routes. It reports
// false when the answer must not be kept: chi found nothing it can show
// changed, or the path is too long.
func (c *chiAllowedCache) key(router chi.Routes, path string, rctx *chi.Context, reads uint64) (chiAllowedKey, bool) {
	mx, ok := router.(*chi.Mux)
	if !ok || len(path) > maxChiAllowedPath {
		return chiAllowedKey{}, false
	}
	found := chiFound(rctx)
	if found == 0 {
		return chiAllowedKey{}, false
	}
	return chiAllowedKey{router: mx, path: path, reads: reads, found: found, hash: maphash.String(c.seed, path)}, true
}

// slot returns the slot of k.
func (c *chiAllowedCache) slot(k chiAllowedKey) *chiAllowedSlot {
	return &c.slots[k.hash&uint64(len(c.slots)-1)]
}

// load returns the answer kept for k.
func (c *chiAllowedCache) load(k chiAllowedKey) (allowed, bool) {
	if a := c.slot(k).answer.Load(); a != nil && a.key == k {
		return a.allowed, true
	}
	return allowed{}, false
}

// store keeps a as the answer for k when k's slot holds an older answer
// for the same router and path, or when k's path missed there last.
func (c *chiAllowedCache) store(k chiAllowedKey, a allowed) {
	s := c.slot(k)
	old := s.answer.Load()
	if (old == nil || old.key.router != k.router || old.key.path != k.path) && s.missed.Swap(k.hash+1) != k.hash+1 {
		return
	}
	k.path = strings.Clone(k.path)
	s.answer.Store(&chiAllowedAnswer{key: k, allowed: a})
}

// chiFoundField is the index in chi.Context of the methods chi found on
// the path when it could not route the request's method (the list its own
// 405 answer sends in Allow), or -1 when this version of chi has no such
// field.
var chiFoundField = func() int {
	f, ok := reflect.TypeFor[chi.Context]().FieldByName("methodsAllowed")
	if !ok || f.Type.Kind() != reflect.Slice || f.Type.Elem().Kind() != reflect.Uint {
		return -1
	}
	return f.Index[0]
}()

// chiFound returns the methods chi found on the path of the request rctx
// routes, where it could not route the request's method, as the union of
// chi's own bits (one per method), or 0 when it found none or rctx is nil.
// A route added since for another method of the path, at any level of the
// tree chi walked, changes it.
func chiFound(rctx *chi.Context) uint64 {
	if rctx == nil || chiFoundField < 0 {
		return 0
	}
	list := reflect.ValueOf(rctx).Elem().Field(chiFoundField)
	var set uint64
	for i := range list.Len() {
		set |= list.Index(i).Uint()
	}
	return set
}

package methods

import (
	"hash/maphash"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/go-chi/chi/v5"

	"github.com/fourxx/fourxx/internal/secondmiss"
)

// chiAllowedCache keeps the allowed value [Chi] computed for a root router
// and the path it routed (chiRootPath), so that a flood repeating a few refused requests asks
// chi's Find nothing. It is direct-mapped by a hash of the path: a fixed
// number of slots, each holding the last answer stored there, so a scan
// of distinct paths does not grow it. A slot takes a new path only on its
// second miss in a row there, so such a scan allocates nothing either.
//
// An answer holds for as long as the routes it was computed from: it
// names the readings of Routes it was computed after and what chi itself
// found on the path while routing the request (chiFound), at every level
// of mounts it walked, the levels the answer covers; when a route added
// since changes either, the answer is computed again.
type chiAllowedCache struct {
	seed  maphash.Seed
	slots []chiAllowedSlot
}

// chiAllowedSlot is one slot of a chiAllowedCache.
type chiAllowedSlot struct {
	answer atomic.Pointer[chiAllowedAnswer]
	// missed is the hash of the path that last missed here.
	missed secondmiss.Gate
}

// chiAllowedAnswer is one answer of a chiAllowedCache, and what it
// depends on.
type chiAllowedAnswer struct {
	hash   uint64
	router *chi.Mux
	path   string
	// reads counts the readings of Routes before the answer was computed.
	reads uint64
	// found is chiFound of the request refused.
	found   uint64
	allowed *allowed
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

// load returns the answer kept for the request refused on path by router
// after reads readings of Routes, where chi found the methods found
// (chiFound), or nil. When it returns nil and keep is true, the answer
// computed may be given to store with the same arguments and hash.
func (c *chiAllowedCache) load(router chi.Routes, path string, reads, found uint64) (a *allowed, hash uint64, keep bool) {
	mx, ok := router.(*chi.Mux)
	if !ok || found == 0 || len(path) > maxChiAllowedPath {
		return nil, 0, false
	}
	hash = maphash.String(c.seed, path)
	if k := c.slots[hash&uint64(len(c.slots)-1)].answer.Load(); k != nil && k.hash == hash &&
		k.router == mx && k.found == found && k.reads == reads && k.path == path {
		return k.allowed, hash, true
	}
	return nil, hash, true
}

// store keeps a, computed for the arguments of a load that returned nil
// and hash, when the slot holds an older answer for the same router and
// path, or when the same path missed there last.
func (c *chiAllowedCache) store(router chi.Routes, path string, reads, found, hash uint64, a *allowed) {
	mx := router.(*chi.Mux)
	s := &c.slots[hash&uint64(len(c.slots)-1)]
	old := s.answer.Load()
	if (old == nil || old.router != mx || old.path != path) && !s.missed.Repeats(hash) {
		return
	}
	s.answer.Store(&chiAllowedAnswer{hash: hash, router: mx, path: strings.Clone(path), reads: reads, found: found, allowed: a})
}

// chiFoundOffset is the offset in chi.Context of the methods chi found on
// the path when it could not route the request's method (the list its own
// 405 answer sends in Allow), a slice of chi's method bits, or
// ^uintptr(0) when this version of chi has no such field.
var chiFoundOffset = func() uintptr {
	f, ok := reflect.TypeFor[chi.Context]().FieldByName("methodsAllowed")
	if !ok || f.Type.Kind() != reflect.Slice || f.Type.Elem().Kind() != reflect.Uint {
		return ^uintptr(0)
	}
	return f.Offset
}()

// chiFound returns the methods chi found on the path of the request rctx
// routes, where it could not route the request's method, as the union of
// chi's own bits (one per method), or 0 when it found none or rctx is nil.
// A route added since for another method of the path, at any level of the
// tree chi walked, changes it.
//
// The field is read where reflect found it, as a []uint (the type reflect
// checked): reflect's own reading costs more than the rest of a 405 kept
// in the cache.
func chiFound(rctx *chi.Context) uint64 {
	if rctx == nil || chiFoundOffset == ^uintptr(0) {
		return 0
	}
	var set uint64
	for _, m := range *(*[]uint)(unsafe.Add(unsafe.Pointer(rctx), chiFoundOffset)) {
		set |= uint64(m)
	}
	return set
}

// chiMethodBits returns, for each of the known methods, the bit by which
// chi records it among the methods it found (chiFound), learnt from chi
// itself: 0 for a method chi does not route as spelt (chi upper-cases the
// methods of routes, not those of requests), or when this version of chi
// does not record them. A method registered with chi.RegisterMethod after
// the call has no bit either.
func chiMethodBits(known []string) []uint64 {
	bits := make([]uint64, len(known))
	if chiFoundOffset == ^uintptr(0) {
		return bits
	}
	for i, m := range known {
		bits[i] = chiMethodBit(m)
	}
	return bits
}

// chiMethodBit returns chi's bit for method, as chiMethodBits does.
func chiMethodBit(method string) (bit uint64) {
	defer func() {
		if recover() != nil {
			// chi panics on a route for a method it does not know.
			bit = 0
		}
	}()
	r := chi.NewRouter()
	r.MethodFunc(method, "/", func(http.ResponseWriter, *http.Request) {})
	if r.Find(chi.NewRouteContext(), method, "/") == "" {
		return 0
	}
	other := http.MethodGet
	if method == other {
		other = http.MethodPost
	}
	rctx := chi.NewRouteContext()
	r.Find(rctx, other, "/")
	return chiFound(rctx)
}

// chiStubBits are chi's bits of the RFC 9110 methods, which the stub of
// every mount carries: chi records them all where a request's method is
// one registered with chi after the mount was made, whatever the mounted
// router routes.
var chiStubBits = func() uint64 {
	var set uint64
	for _, bit := range chiMethodBits(rfc9110Methods) {
		set |= bit
	}
	return set
}()

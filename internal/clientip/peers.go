package clientip

import (
	"net/netip"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/fourxx/fourxx/internal/secondmiss"
)

// peers keeps the parse of the RemoteAddr values that keep coming back.
// Go's server formats a connection's RemoteAddr once and gives every
// request on the connection that same string, so a client on a kept-alive
// connection is parsed once, not on each request. It is direct-mapped by
// the address of the string's bytes, a fixed number of slots each holding
// the last parse kept there; the content, not the address, decides a hit.
// A slot keeps a copy of a string on its second miss in a row there: a
// string looked up once allocates nothing, and one looked up again, by
// the connection's next request or by another caller for the same
// request, costs one allocation, then none. Strings longer than any
// address with a port are never kept, so the cache holds at most
// peerSlots short copies.
var peers peerCache

// peerSlots is the number of slots of peers, a power of two, and
// maxPeerLen the longest RemoteAddr kept: a bracketed IPv6 address with a
// zone and a port.
const (
	peerSlots  = 256
	maxPeerLen = 64
)

// peerCache is the type of peers.
type peerCache struct {
	slots [peerSlots]peerSlot
}

// peerSlot is one slot of a peerCache.
type peerSlot struct {
	kept atomic.Pointer[peerParse]
	// missed is the address of the bytes of the string that last missed
	// here.
	missed secondmiss.Gate
}

// peerParse is what parse returns for remoteAddr.
type peerParse struct {
	remoteAddr string
	host       string
	ip         netip.Addr
	valid      bool
}

// parse returns the host part of remoteAddr (RemoteHost) and the address
// it parses to, valid when it does, from the cache when it holds it.
func (c *peerCache) parse(remoteAddr string) (host string, ip netip.Addr, valid bool) {
	at := uintptr(unsafe.Pointer(unsafe.StringData(remoteAddr)))
	slot := c.slotOf(at)
	if p := slot.kept.Load(); p != nil && p.remoteAddr == remoteAddr {
		return p.host, p.ip, p.valid
	}
	host = RemoteHost(remoteAddr)
	ip, err := netip.ParseAddr(host)
	valid = err == nil
	if at != 0 && len(remoteAddr) <= maxPeerLen && slot.missed.Repeats(uint64(at)) {
		// A copy: remoteAddr may be part of a longer request value,
		// such as the X-Forwarded-For field chi's RealIP takes it from.
		kept := strings.Clone(remoteAddr)
		slot.kept.Store(&peerParse{remoteAddr: kept, host: RemoteHost(kept), ip: ip, valid: valid})
	}
	return host, ip, valid
}

// slotOf returns the slot of the string whose bytes are at at.
func (c *peerCache) slotOf(at uintptr) *peerSlot {
	return &c.slots[(at>>4^at>>12)&(peerSlots-1)]
}

package clientip

import (
	"net/netip"
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
// A slot keeps a string on its second miss in a row there, so a flood of
// new connections, each sending one request, allocates nothing.
var peers peerCache

// peerSlots is the number of slots of peers, a power of two.
const peerSlots = 256

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

// peerParse is what parsePeer returns for remoteAddr.
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
	if at != 0 && slot.missed.Repeats(uint64(at)) {
		slot.kept.Store(&peerParse{remoteAddr: remoteAddr, host: host, ip: ip, valid: valid})
	}
	return host, ip, valid
}

// slotOf returns the slot of the string whose bytes are at at.
func (c *peerCache) slotOf(at uintptr) *peerSlot {
	return &c.slots[(at>>4^at>>12)&(peerSlots-1)]
}

// Package clientip finds the client IP of a request: the one
// implementation that middleware's Forbid and AccessLog and ratelimit's
// KeyByIP share.
package clientip

import (
	"net/http"
	"net/netip"
	"strings"

	chimw "github.com/go-chi/chi/v5/middleware"
)

// Of returns the client IP that chi's ClientIPFrom* middlewares stored
// (GetClientIPAddr), else the TCP peer of r.RemoteAddr, with IPv4-mapped
// IPv6 folded to IPv4 and the zone dropped; the zero Addr when neither is
// known. It never reads a header. When that IP is the peer's exactly as
// RemoteAddr writes it (not IPv4-mapped, no zone), text is that part of
// RemoteAddr, so a caller that wants the text need not format the address
// anew, which allocates; otherwise text is empty. Of allocates nothing,
// except once for a RemoteAddr string it meets again, whose parse it
// keeps: a kept-alive connection's (peers).
func Of(r *http.Request) (ip netip.Addr, text string) {
	host, peer, valid := peers.parse(r.RemoteAddr)
	if ip = chimw.GetClientIPAddr(r.Context()); !ip.IsValid() {
		ip = peer
	}
	ip = ip.Unmap().WithZone("")
	if valid && ip == peer {
		text = host
	}
	return ip, text
}

// RemoteHost returns the host part of a RemoteAddr: "ip:port",
// "[ipv6]:port", or a bare address, as tests and some servers set it.
// A bracketed address followed by anything but a port is returned whole,
// which no address parser accepts.
func RemoteHost(remoteAddr string) string {
	if strings.HasPrefix(remoteAddr, "[") {
		end := strings.IndexByte(remoteAddr, ']')
		if end > 0 && (end == len(remoteAddr)-1 || remoteAddr[end+1] == ':') {
			return remoteAddr[1:end]
		}
		return remoteAddr
	}
	if i := strings.IndexByte(remoteAddr, ':'); i >= 0 && strings.LastIndexByte(remoteAddr, ':') == i {
		return remoteAddr[:i]
	}
	return remoteAddr
}

package middleware

import (
	"net"
	"net/http"
	"net/netip"

	chimw "github.com/go-chi/chi/v5/middleware"
)

// clientIP returns the client IP that chi's ClientIPFrom* middlewares
// stored (GetClientIPAddr), else the TCP peer of r.RemoteAddr, with
// IPv4-mapped IPv6 folded to IPv4 and the zone dropped; the zero Addr
// when neither is known. [Forbid] and [AccessLog] use it.
func clientIP(r *http.Request) netip.Addr {
	ip := chimw.GetClientIPAddr(r.Context())
	if !ip.IsValid() {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		ip, _ = netip.ParseAddr(host)
	}
	return ip.Unmap().WithZone("")
}

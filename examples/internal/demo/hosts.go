package demo

import (
	"net"
	"net/netip"
	"slices"
)

// Hosts are the hosts the demo answers for, given the address it listens
// on: the loopback names and the host of addr. Requests naming any other
// Host get 400 (middleware.AllowHosts).
func Hosts(addr string) []string {
	hosts := []string{"localhost", "127.0.0.1", "[::1]"}
	if host, _, err := net.SplitHostPort(addr); err == nil && host != "" {
		if ip, err := netip.ParseAddr(host); err == nil && ip.Is6() {
			host = "[" + host + "]"
		}
		if !slices.Contains(hosts, host) {
			hosts = append(hosts, host)
		}
	}
	return hosts
}

package clientip

import (
	"net/netip"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
)

// uncached is what peers.parse returns for remoteAddr, computed anew.
func uncached(remoteAddr string) (string, netip.Addr, bool) {
	host := RemoteHost(remoteAddr)
	ip, err := netip.ParseAddr(host)
	return host, ip, err == nil
}

func TestPeersKeepOnSecondMiss(t *testing.T) {
	var c peerCache
	addr := strings.Clone("192.0.2.7:5555")
	for i, want := range []bool{false, true, true} {
		host, ip, valid := c.parse(addr)
		assert.Equal(t, "192.0.2.7", host)
		assert.Equal(t, netip.MustParseAddr("192.0.2.7"), ip)
		assert.True(t, valid)
		slot := c.slotOf(uintptr(unsafe.Pointer(unsafe.StringData(addr))))
		assert.Equal(t, want, slot.kept.Load() != nil, "after parse %d", i+1)
	}
}

func TestPeersHitOnContentNotAddress(t *testing.T) {
	// Both strings start at the same byte: only their content tells
	// them apart.
	var c peerCache
	line := strings.Clone("2001:db8::1:443")
	long, short := line, line[:len("2001:db8::1")]
	c.parse(long)
	c.parse(long)
	assert.NotNil(t, c.slotOf(uintptr(unsafe.Pointer(unsafe.StringData(long)))).kept.Load())
	host, ip, valid := c.parse(short)
	assert.Equal(t, "2001:db8::1", host)
	assert.Equal(t, netip.MustParseAddr("2001:db8::1"), ip)
	assert.True(t, valid)
	host, ip, valid = c.parse(long)
	assert.Equal(t, "2001:db8::1:443", host)
	assert.Equal(t, netip.MustParseAddr("2001:db8::1:443"), ip)
	assert.True(t, valid)
}

func TestPeersKeepNothingSeenOnce(t *testing.T) {
	var c peerCache
	// All alive at once, so that no two share an address.
	addrs := make([]string, 200)
	for i := range addrs {
		addrs[i] = netip.AddrFrom4([4]byte{198, 51, 100, byte(i)}).String() + ":80"
	}
	for _, a := range addrs {
		c.parse(a)
	}
	for i := range c.slots {
		assert.Nil(t, c.slots[i].kept.Load(), "slot %d", i)
	}
}

func TestPeersKeepACopy(t *testing.T) {
	var c peerCache
	forwarded := "203.0.113.9:1234, 198.51.100.1, 192.0.2.1"
	addr := forwarded[:len("203.0.113.9:1234")]
	c.parse(addr)
	c.parse(addr)
	kept := c.slotOf(uintptr(unsafe.Pointer(unsafe.StringData(addr)))).kept.Load()
	if assert.NotNil(t, kept) {
		assert.Equal(t, addr, kept.remoteAddr)
		assert.NotSame(t, unsafe.StringData(forwarded), unsafe.StringData(kept.remoteAddr), "the request's bytes are kept")
		assert.NotSame(t, unsafe.StringData(forwarded), unsafe.StringData(kept.host), "the request's bytes are kept")
	}
	assert.Zero(t, testing.AllocsPerRun(100, func() { c.parse(addr) }), "a kept string")
}

func TestPeersKeepNoLongString(t *testing.T) {
	var c peerCache
	long := "[2001:db8::1%" + strings.Repeat("z", maxPeerLen) + "]:443"
	for range 3 {
		c.parse(long)
	}
	assert.Nil(t, c.slotOf(uintptr(unsafe.Pointer(unsafe.StringData(long)))).kept.Load())
}

func TestPeersConcurrent(t *testing.T) {
	var c peerCache
	addrs := []string{"192.0.2.1:1", "[2001:db8::2]:2", "@unix", "", "01.2.3.4:5"}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 1000 {
				a := addrs[(i+g)%len(addrs)]
				host, ip, valid := c.parse(a)
				wantHost, wantIP, wantValid := uncached(a)
				if host != wantHost || ip != wantIP || valid != wantValid {
					t.Errorf("parse(%q) = %q, %v, %v", a, host, ip, valid)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func FuzzPeers(f *testing.F) {
	for _, s := range []string{"192.0.2.7:5555", "[2001:db8::1]:443", "[fe80::1%eth0]:443", "", "@unix", "01.2.3.4:5", "1.2.3.4"} {
		f.Add(s)
	}
	var c peerCache
	f.Fuzz(func(t *testing.T, remoteAddr string) {
		wantHost, wantIP, wantValid := uncached(remoteAddr)
		for range 3 {
			host, ip, valid := c.parse(remoteAddr)
			if host != wantHost || ip != wantIP || valid != wantValid {
				t.Fatalf("parse(%q) = %q, %v, %v; want %q, %v, %v", remoteAddr, host, ip, valid, wantHost, wantIP, wantValid)
			}
		}
	})
}

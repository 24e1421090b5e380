package clientip

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	chimw "github.com/go-chi/chi/v5/middleware"
	"github.com/stretchr/testify/assert"
)

func TestOf(t *testing.T) {
	tests := []struct {
		remoteAddr, ip, text string
	}{
		{"192.0.2.7:5555", "192.0.2.7", "192.0.2.7"},
		{"192.0.2.7", "192.0.2.7", "192.0.2.7"},
		{"[2001:db8::1]:443", "2001:db8::1", "2001:db8::1"},
		{"[2001:db8::1]", "2001:db8::1", "2001:db8::1"},
		{"2001:db8::1", "2001:db8::1", "2001:db8::1"},
		{"[::ffff:192.0.2.7]:80", "192.0.2.7", ""},
		{"[fe80::1%eth0]:443", "fe80::1", ""},
		{"[2001:db8::1]x", "invalid IP", ""},
		{"01.2.3.4:5", "invalid IP", ""},
		{"@unix", "invalid IP", ""},
		{"", "invalid IP", ""},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = tt.remoteAddr
		ip, text := Of(r)
		assert.Equal(t, tt.ip, ip.String(), tt.remoteAddr)
		assert.Equal(t, tt.text, text, tt.remoteAddr)
	}
}

func TestOfPrefersChi(t *testing.T) {
	var ip netip.Addr
	var text string
	h := chimw.ClientIPFromHeader("X-Real-IP")(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip, text = Of(r)
	}))
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "192.0.2.7:1"
	for real, want := range map[string][2]string{
		"::ffff:203.0.113.9": {"203.0.113.9", ""},
		"192.0.2.7":          {"192.0.2.7", "192.0.2.7"},
	} {
		r.Header.Set("X-Real-IP", real)
		h.ServeHTTP(httptest.NewRecorder(), r)
		assert.Equal(t, want, [2]string{ip.String(), text}, real)
	}
}

// FuzzOf checks that any RemoteAddr gives an IP or none, that text is the
// IP's own spelling, and that a well-formed "ip:port" gives its address.
func FuzzOf(f *testing.F) {
	for _, s := range []string{"192.0.2.7:80", "[2001:db8::1]:443", "[::ffff:1.2.3.4]:1", "1.2.3.4", "fe80::1%eth0", "[", "[]:1", ":80", "01.2.3.4:5", "@", "[::1]", "[::1]x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, remoteAddr string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = remoteAddr
		ip, text := Of(r)
		if text != "" {
			if parsed, err := netip.ParseAddr(text); err != nil || parsed != ip {
				t.Fatalf("%q: text %q is not %v", remoteAddr, text, ip)
			}
		}
		if ip.Is4In6() || ip.Zone() != "" {
			t.Fatalf("%q: %v is mapped or zoned", remoteAddr, ip)
		}
		if ap, err := netip.ParseAddrPort(remoteAddr); err == nil && ip != ap.Addr().Unmap().WithZone("") {
			t.Fatalf("%q: %v, want %v", remoteAddr, ip, ap.Addr())
		}
	})
}

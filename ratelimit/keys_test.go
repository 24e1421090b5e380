package ratelimit_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	chimw "github.com/go-chi/chi/v5/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/ratelimit"
)

func TestKeyByIP(t *testing.T) {
	tests := []struct {
		name, remoteAddr, want string
	}{
		{"IPv4 peer", "192.0.2.7:5555", "192.0.2.7"},
		{"bare IPv4", "192.0.2.7", "192.0.2.7"},
		{"IPv4-mapped IPv6", "[::ffff:192.0.2.7]:80", "192.0.2.7"},
		{"IPv6 grouped by /64", "[2001:db8:1:2:aaaa:bbbb:cccc:dddd]:443", "2001:db8:1:2::/64"},
		{"same /64", "[2001:db8:1:2::1]:443", "2001:db8:1:2::/64"},
		{"next /64", "[2001:db8:1:3::1]:443", "2001:db8:1:3::/64"},
		{"zone dropped", "[fe80::1%eth0]:443", "fe80::/64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remoteAddr
			r.Header.Set("X-Forwarded-For", "203.0.113.9")
			key, err := ratelimit.KeyByIP(r)
			require.NoError(t, err)
			assert.Equal(t, tt.want, key)
		})
	}

	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "[2001:db8::1:2]:1"
	key, err := ratelimit.KeyByIPPrefix(128)(r)
	require.NoError(t, err)
	assert.Equal(t, "2001:db8::1:2", key)
	key, err = ratelimit.KeyByIPPrefix(48)(r)
	require.NoError(t, err)
	assert.Equal(t, "2001:db8::/48", key)

	r.RemoteAddr = "@unix"
	_, err = ratelimit.KeyByIP(r)
	assert.Error(t, err)
	assert.NotErrorIs(t, err, ratelimit.ErrNoKey, "a server problem, not the client's")
}

func TestKeyByIPPrefersChiClientIP(t *testing.T) {
	var key string
	h := chimw.ClientIPFromHeader("X-Real-IP")(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, _ = ratelimit.KeyByIP(r)
	}))
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.0.0.1:80"
	r.Header.Set("X-Real-IP", "2001:db8:5:6::7")
	h.ServeHTTP(httptest.NewRecorder(), r)
	assert.Equal(t, "2001:db8:5:6::/64", key)
}

func TestKeyByHeaderAndJoinKeys(t *testing.T) {
	key := ratelimit.KeyByHeader("X-Api-Key")
	r := httptest.NewRequest("GET", "/", nil)
	_, err := key(r)
	assert.ErrorIs(t, err, ratelimit.ErrNoKey)
	r.Header.Set("X-Api-Key", "")
	_, err = key(r)
	assert.ErrorIs(t, err, ratelimit.ErrNoKey)
	r.Header["X-Api-Key"] = []string{"a", "b"}
	k, err := key(r)
	require.NoError(t, err)
	assert.Equal(t, "a,b", k)

	r.Header.Set("X-Api-Key", strings.Repeat("k", 256))
	k, err = key(r)
	require.NoError(t, err)
	assert.Len(t, k, 256)
	r.Header.Set("X-Api-Key", strings.Repeat("k", 257))
	_, err = key(r)
	assert.ErrorIs(t, err, ratelimit.ErrNoKey)
	assert.EqualError(t, err, "ratelimit: no rate-limit key: the X-Api-Key header is longer than 256 bytes")
	r.Header["X-Api-Key"] = []string{strings.Repeat("k", 200), strings.Repeat("k", 56)}
	_, err = key(r)
	assert.ErrorIs(t, err, ratelimit.ErrNoKey, "joined with the comma: 257 bytes")

	r.Header["X-Api-Key"] = []string{"a", "b"}
	r.RemoteAddr = "192.0.2.1:9"
	k, err = ratelimit.JoinKeys(key, ratelimit.KeyByIP)(r)
	require.NoError(t, err)
	assert.Equal(t, "a,b\x00192.0.2.1", k)
	r.Header.Del("X-Api-Key")
	_, err = ratelimit.JoinKeys(ratelimit.KeyByIP, key)(r)
	assert.ErrorIs(t, err, ratelimit.ErrNoKey)
	_, err = ratelimit.JoinKeys(func(*http.Request) (string, error) { return "", nil })(r)
	assert.Error(t, err)
}

func TestKeyByRoute(t *testing.T) {
	rctx := chi.NewRouteContext()
	rctx.RoutePatterns = []string{"/items/*", "/{id}"}
	r := httptest.NewRequest("PUT", "/items/7", nil)
	r = r.WithContext(context.WithValue(r.Context(), chi.RouteCtxKey, rctx))
	k, err := ratelimit.KeyByRoute(r)
	require.NoError(t, err)
	assert.Equal(t, "PUT /items/{id}", k)
}

// FuzzKeyByIP checks that any RemoteAddr gives a key or an error, and
// that a well-formed "ip:port" gives the key of its address.
func FuzzKeyByIP(f *testing.F) {
	for _, s := range []string{"192.0.2.7:80", "[2001:db8::1]:443", "[::ffff:1.2.3.4]:1", "1.2.3.4", "fe80::1%eth0", "[", "[]:1", ":80", "01.2.3.4:5", "@"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, remoteAddr string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remoteAddr
		key, err := ratelimit.KeyByIP(r)
		if err == nil && key == "" {
			t.Fatalf("%q: empty key without error", remoteAddr)
		}
		ap, perr := netip.ParseAddrPort(remoteAddr)
		if perr != nil {
			return
		}
		ip := ap.Addr().Unmap().WithZone("")
		want := ip.String()
		if ip.Is6() {
			p, _ := ip.Prefix(64)
			want = p.String()
		}
		if err != nil || key != want {
			t.Fatalf("%q: key %q, %v; want %q", remoteAddr, key, err, want)
		}
	})
}

package middleware

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

// A path cut by AccessLog stays valid UTF-8 however the characters fall.
func TestAccessLogPathKeepsCharacters(t *testing.T) {
	for pad := range 4 {
		p := "/" + strings.Repeat("x", pad) + strings.Repeat("€", accessLogMaxPath)
		got := accessLogPath(p)
		assert.True(t, utf8.ValidString(got), "pad %d: %q", pad, got)
		assert.LessOrEqual(t, len(got), accessLogMaxPath+len("…"))
		assert.True(t, strings.HasSuffix(got, "…"))
	}
}

// AccessLog logs the client IP as Forbid matches it: IPv4-mapped IPv6
// folded to IPv4, the zone dropped.
func TestAccessLogClientIP(t *testing.T) {
	for remote, want := range map[string]string{
		"192.0.2.1:5":            "192.0.2.1",
		"[::ffff:192.0.2.7]:443": "192.0.2.7",
		"[fe80::1%eth0]:80":      "fe80::1",
		"[2001:db8::1]:80":       "2001:db8::1",
		"@":                      "@",
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = remote
		assert.Equal(t, want, accessLogClientIP(r), remote)
	}
}

package middleware

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"

	"github.com/fourxx/fourxx/internal/clocktest"
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

// A request AccessLog does not log, a refusal AccessLogSampleRefusals
// leaves out or a level the logger does not enable, costs Record's one
// allocation and no other.
func TestAccessLogAllocations(t *testing.T) {
	refuse := MaxURILength(8)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	clock, timers := clocktest.NewFake(), &fakeTimers{}
	fake := func(c *accessLogConfig) { c.now, c.afterFunc = clock.Now, timers.afterFunc }
	var logs bytes.Buffer
	tests := []struct {
		name string
		h    http.Handler
	}{
		{"refusal left out", AccessLog(slog.New(slog.NewTextHandler(&logs, nil)), AccessLogSampleRefusals(1), fake)(refuse)},
		{"level not enabled", AccessLog(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelError})))(refuse)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/items/42", nil)
			w := httptest.NewRecorder()
			tt.h.ServeHTTP(w, r)
			logs.Reset()
			allocs := testing.AllocsPerRun(100, func() {
				clear(w.Header())
				w.Body.Reset()
				tt.h.ServeHTTP(w, r)
			})
			assert.Equal(t, 1.0, allocs)
			assert.Equal(t, http.StatusRequestURITooLong, w.Code)
			assert.Empty(t, logs.String())
		})
	}
}

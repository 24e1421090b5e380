package middleware_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/middleware"
)

func TestChallengeString(t *testing.T) {
	tests := []struct {
		name string
		c    middleware.Challenge
		want string
	}{
		{"scheme only", middleware.Challenge{Scheme: "Negotiate"}, "Negotiate"},
		{"basic", middleware.Challenge{Scheme: "Basic", Params: []middleware.AuthParam{{"realm", "api"}, {"charset", "UTF-8"}}}, `Basic realm="api", charset="UTF-8"`},
		{"quote and backslash", middleware.Challenge{Scheme: "Basic", Params: []middleware.AuthParam{{"realm", `say "hi" \o/`}}}, `Basic realm="say \"hi\" \\o/"`},
		{"control characters become spaces", middleware.Challenge{Scheme: "Bearer", Params: []middleware.AuthParam{{"realm", "a\r\nb\x00c\td\x7f"}}}, "Bearer realm=\"a  b c\td \""},
		{"obs-text kept", middleware.Challenge{Scheme: "Basic", Params: []middleware.AuthParam{{"realm", "Zürich"}}}, `Basic realm="Zürich"`},
		{"empty value", middleware.Challenge{Scheme: "Basic", Params: []middleware.AuthParam{{"realm", ""}}}, `Basic realm=""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.c.String())
		})
	}
}

// FuzzChallengeString checks that any realm is sent as one quoted-string
// that unquotes to the realm, control characters aside.
func FuzzChallengeString(f *testing.F) {
	for _, seed := range []string{"", "api", `"`, `\`, `\"`, `a"b\c`, "\r\n", "\x00\x7f", "Zürich", strings.Repeat(`"\`, 100)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, realm string) {
		got := middleware.Challenge{Scheme: "Basic", Params: []middleware.AuthParam{{"realm", realm}}}.String()
		rest, ok := strings.CutPrefix(got, "Basic realm=")
		require.True(t, ok, got)
		value, tail, err := unquoteChallengeValue(rest)
		require.NoError(t, err, got)
		assert.Empty(t, tail, got)
		want := []byte(realm)
		for i, c := range want {
			if (c < 0x20 && c != '\t') || c == 0x7f {
				want[i] = ' '
			}
		}
		assert.Equal(t, string(want), value)
		assert.NotContains(t, got, "\r")
		assert.NotContains(t, got, "\n")
	})
}

// unquoteChallengeValue reads one quoted-string (RFC 9110 §5.6.4) from the
// start of s, returning its value and what follows it.
func unquoteChallengeValue(s string) (value, rest string, err error) {
	if !strings.HasPrefix(s, `"`) {
		return "", s, assert.AnError
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case c == '"':
			return b.String(), s[i+1:], nil
		case (c < 0x20 && c != '\t') || c == 0x7f || c == '\\':
			return "", s, assert.AnError
		default:
			b.WriteByte(c)
		}
	}
	return "", s, assert.AnError
}

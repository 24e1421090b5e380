package middleware

import (
	"fmt"
	"strings"

	"github.com/fourxx/fourxx/internal/httpsyntax"
)

// Challenge is one authentication challenge of a WWW-Authenticate or
// Proxy-Authenticate field (RFC 9110 §11.3, §11.6.1, §11.7.1): an
// auth-scheme and its auth-params. [Challenge.String] sends every param
// value as a quoted-string, escaping '"' and '\', as RFC 9110 §11.5 asks of
// realm and allows of every other param.
type Challenge struct {
	// Scheme is the auth-scheme token, such as "Basic" or "Bearer".
	// Credentials are matched to it case-insensitively (RFC 9110 §11.1).
	Scheme string
	// Params are the auth-params in the order they are sent.
	Params []AuthParam
}

// AuthParam is one name="value" auth-param of a challenge (RFC 9110 §11.2).
type AuthParam struct {
	// Name is a token, such as "realm".
	Name string
	// Value is sent as a quoted-string.
	Value string
}

// String formats c as a challenge: the scheme, a space and the params,
// comma-separated, each value quoted and escaped (RFC 9110 §5.6.4). A
// control character, which a quoted-string cannot hold, is sent as a space.
func (c Challenge) String() string {
	var b strings.Builder
	b.WriteString(c.Scheme)
	for i, p := range c.Params {
		if i == 0 {
			b.WriteByte(' ')
		} else {
			b.WriteString(", ")
		}
		b.WriteString(p.Name)
		b.WriteByte('=')
		writeChallengeQuoted(&b, p.Value)
	}
	return b.String()
}

// writeChallengeQuoted writes s as a quoted-string: '"' and '\' become
// quoted-pairs, control characters other than HTAB become spaces.
func writeChallengeQuoted(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case (c < 0x20 && c != '\t') || c == 0x7f:
			b.WriteByte(' ')
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}

// validateChallenge panics unless c has a token scheme, token param names
// and values a quoted-string can hold, so that a configured challenge is
// sent exactly as written.
func validateChallenge(constructor string, c Challenge) {
	if !httpsyntax.IsToken(c.Scheme) {
		panic(fmt.Sprintf("middleware: %s: challenge scheme %q is not an RFC 9110 token", constructor, c.Scheme))
	}
	for _, p := range c.Params {
		if !httpsyntax.IsToken(p.Name) {
			panic(fmt.Sprintf("middleware: %s: auth-param name %q is not an RFC 9110 token", constructor, p.Name))
		}
		if strings.ContainsFunc(p.Value, func(r rune) bool { return (r < 0x20 && r != '\t') || r == 0x7f }) {
			panic(fmt.Sprintf("middleware: %s: the value of auth-param %q holds a control character", constructor, p.Name))
		}
	}
}

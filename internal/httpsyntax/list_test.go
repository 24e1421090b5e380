package httpsyntax

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestListHas(t *testing.T) {
	for _, tt := range []struct {
		lines []string
		name  string
		want  bool
	}{
		{[]string{"Accept, Origin"}, "origin", true},
		{[]string{"Accept", " Accept-Language "}, "Accept-Language", true},
		{[]string{"Accept-Language"}, "Accept", false},
		{[]string{`private="Set-Cookie"`}, "private", false},
		{[]string{`no-cache="a, private", max-age=0`}, "private", false},
		{nil, "Accept", false},
	} {
		assert.Equal(t, tt.want, ListHas(tt.lines, tt.name), "%q in %q", tt.name, tt.lines)
	}
}

// FuzzNextListElement checks that the elements of any field value, taken
// one by one, cover it: no panic, progress on every call, and elements
// trimmed of whitespace.
func FuzzNextListElement(f *testing.F) {
	for _, seed := range []string{"", "a, b", `a;x="1,2", b`, `"unterminated, b`, `a\,b`, " , ,", "\"\\\""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for rest := s; rest != ""; {
			elem, next := NextListElement(rest)
			if len(next) >= len(rest) || elem != TrimOWS(elem) || !strings.Contains(rest, elem) {
				t.Fatalf("NextListElement(%q) = %q, %q", rest, elem, next)
			}
			rest = next
		}
	})
}

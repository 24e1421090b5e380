package echo

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestCut(t *testing.T) {
	tests := []struct {
		s    string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"abcdef", 3, "abc"},
		{"aé", 2, "a"},   // é is 2 bytes: cutting after its first byte backs up
		{"a€b", 3, "a"},  // € is 3 bytes
		{"a€b", 4, "a€"}, // the cut falls after the whole character
		{"€", 1, ""},
		{"a\xffb", 10, "a?b"},
		{"\xff\xfe\xfdabc", 4, "?a"},
	}
	for _, tt := range tests {
		got := Cut(tt.s, tt.max, "")
		assert.Equal(t, tt.want, got, "%q at %d", tt.s, tt.max)
		assert.True(t, utf8.ValidString(got))
	}
	assert.Equal(t, "ab…", Cut("abc", 2, "…"))
	assert.Equal(t, "ab", Cut("ab", 2, "…"))
}

// FuzzCut checks that any value comes out valid UTF-8, within max bytes
// before the mark, unchanged when short and valid, and a prefix of the
// value when valid.
func FuzzCut(f *testing.F) {
	for _, s := range []string{"", "GET", "a€b", "\xff", strings.Repeat("é", 40), "ab\xc3"} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		max = min(max&0xffff, 1<<16)
		got := Cut(s, max, "…")
		if !utf8.ValidString(got) {
			t.Fatalf("Cut(%q, %d) = %q, not UTF-8", s, max, got)
		}
		body := strings.TrimSuffix(got, "…")
		if len(s) > max && (len(body) > max || body == got) {
			t.Fatalf("Cut(%q, %d) = %q", s, max, got)
		}
		if utf8.ValidString(s) && !strings.HasPrefix(s, body) {
			t.Fatalf("Cut(%q, %d) = %q, not a prefix", s, max, got)
		}
		if utf8.ValidString(s) && len(s) <= max && got != s {
			t.Fatalf("Cut(%q, %d) = %q, changed", s, max, got)
		}
	})
}

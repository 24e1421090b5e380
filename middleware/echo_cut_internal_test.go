package middleware

import (
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestCutEcho(t *testing.T) {
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
	}
	for _, tt := range tests {
		got := cutEcho(tt.s, tt.max)
		assert.Equal(t, tt.want, got, "%q at %d", tt.s, tt.max)
		assert.True(t, utf8.ValidString(got))
	}
}

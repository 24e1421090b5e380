package methods

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIsMethodToken(t *testing.T) {
	for s, want := range map[string]bool{
		"GET": true, "get": true, "PROPFIND": true, "X-M!#$%&'*+.^_`|~1": true,
		"": false, "GE T": false, "GET\t": false, "G\x00T": false, "G\x7fT": false,
		"GÉT": false, "a/b": false, "a:b": false, `"GET"`: false, "{GET}": false,
	} {
		assert.Equal(t, want, isMethodToken(s), "%q", s)
	}
}

func TestNewConfig(t *testing.T) {
	c := newConfig("Test", rfc9110Methods, []Option{WithMethods("PROPFIND", "GET"), WithMethods("MKCOL")})
	assert.Equal(t, []string{"CONNECT", "DELETE", "GET", "HEAD", "MKCOL", "OPTIONS", "PATCH", "POST", "PROPFIND", "PUT", "TRACE"}, c.known)
	assert.Equal(t, "CONNECT, DELETE, GET, HEAD, MKCOL, OPTIONS, PATCH, POST, PROPFIND, PUT, TRACE", c.knownHeader)
	assert.True(t, c.recognises("MKCOL"))
	assert.False(t, c.recognises("mkcol"))
}

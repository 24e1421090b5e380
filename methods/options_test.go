package methods

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNewConfig(t *testing.T) {
	c := newConfig("Test", rfc9110Methods, []ImplementedOption{ImplementedMethods("PROPFIND", "GET"), ImplementedMethods("MKCOL")})
	assert.Equal(t, []string{"CONNECT", "DELETE", "GET", "HEAD", "MKCOL", "OPTIONS", "PATCH", "POST", "PROPFIND", "PUT", "TRACE"}, c.known)
	assert.Equal(t, "CONNECT, DELETE, GET, HEAD, MKCOL, OPTIONS, PATCH, POST, PROPFIND, PUT, TRACE", c.knownHeader)
	assert.True(t, c.recognises("MKCOL"))
	assert.False(t, c.recognises("mkcol"))
}

package methods

import (
	"slices"
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

// TestRecognisesWhatIsKnown checks recognises against the methods each
// constructor's configuration knows.
func TestRecognisesWhatIsKnown(t *testing.T) {
	asked := append(slices.Clone(chiMethods), "get", "Get", "GETS", "GE", "", "BREW", "MKCOL", "PROPFIND", "QUER")
	for _, defaults := range [][]string{rfc9110Methods, chiMethods} {
		for _, opts := range [][]ImplementedOption{nil, {ImplementedMethods("MKCOL", "BREW")}} {
			c := newConfig("Test", defaults, opts)
			for _, m := range asked {
				assert.Equal(t, slices.Contains(c.known, m), c.recognises(m), "%q among %v", m, c.known)
			}
		}
	}
}

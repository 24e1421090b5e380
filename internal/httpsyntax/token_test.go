package httpsyntax

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIsToken(t *testing.T) {
	for s, want := range map[string]bool{
		"GET": true, "get": true, "PROPFIND": true, "X-M!#$%&'*+.^_`|~1": true,
		"": false, "GE T": false, "GET\t": false, "G\x00T": false, "G\x7fT": false,
		"GÉT": false, "a/b": false, "a:b": false, `"GET"`: false, "{GET}": false,
	} {
		assert.Equal(t, want, IsToken(s), "%q", s)
	}
}

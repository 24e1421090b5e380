package middleware_test

import (
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/fourxx/fourxx/internal/testserver"
)

// TestGoServerRefusals records what Go's server answers itself, before any
// handler runs, so that ValidQuery, AllowHosts and SingletonHeaders need
// not: the handler here must never be reached.
func TestGoServerRefusals(t *testing.T) {
	var reached atomic.Bool
	srv := testserver.Start(t, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached.Store(true) }))
	tests := []struct {
		name    string
		line    string
		headers []string
		status  int
	}{
		{"bad escape in the path", "GET /a%zz HTTP/1.1", []string{"Host: x"}, 400},
		{"two Host fields", "GET / HTTP/1.1", []string{"Host: a", "Host: b"}, 400},
		{"HTTP/1.1 without Host", "GET / HTTP/1.1", nil, 400},
		{"Host with a space", "GET / HTTP/1.1", []string{"Host: a b"}, 400},
		{"conflicting Content-Length", "POST / HTTP/1.1", []string{"Host: x", "Content-Length: 1", "Content-Length: 2"}, 400},
		{"header without colon", "GET / HTTP/1.1", []string{"Host: x", "Broken"}, 400},
		{"unknown expectation", "POST / HTTP/1.1", []string{"Host: x", "Expect: tea", "Content-Length: 0"}, 417},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := testserver.Raw(t, srv, testserver.Request(tt.line, tt.headers, ""))
			assert.Equal(t, tt.status, res.Status)
		})
	}
	assert.False(t, reached.Load())
}

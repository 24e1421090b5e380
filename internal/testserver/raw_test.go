package testserver_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
)

func TestRaw(t *testing.T) {
	srv := testserver.Start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/close" {
			w.Header().Set("Connection", "close")
		}
		_, _ = io.WriteString(w, r.Method+" "+r.RequestURI)
	}))

	tests := []struct {
		name    string
		request []byte
		status  int
		body    string
		closed  bool
	}{
		{"keep-alive", testserver.Request("GET /a?b=%zz HTTP/1.1", []string{"Host: x"}, ""), 200, "GET /a?b=%zz", false},
		{"server closes", testserver.Request("GET /close HTTP/1.1", []string{"Host: x"}, ""), 200, "GET /close", true},
		{"HEAD has no body", testserver.Request("HEAD /h HTTP/1.1", []string{"Host: x"}, ""), 200, "", false},
		{"huge target", testserver.Request("GET /"+strings.Repeat("a", 2<<20)+" HTTP/1.1", []string{"Host: x"}, ""), 431, "431 Request Header Fields Too Large", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := testserver.Raw(t, srv, tt.request)
			assert.Equal(t, tt.status, res.Status)
			assert.Equal(t, tt.body, string(res.Body))
			assert.Equal(t, tt.closed, res.Closed)
		})
	}
}

func TestServers(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, r.Proto) })
	for proto, srv := range testserver.Servers(t, h) {
		res, err := srv.Client().Get(srv.URL)
		require.NoError(t, err)
		body, _ := io.ReadAll(res.Body)
		_ = res.Body.Close()
		assert.Equal(t, proto, res.Proto)
		assert.Equal(t, proto, string(body))
	}
}

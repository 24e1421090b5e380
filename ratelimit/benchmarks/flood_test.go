package benchmarks

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/ratelimit/benchmarks/internal/floodserver"
)

// floodRequest returns the request of the floods, from one client, and
// h, a server of floodserver.Modes, having spent that client's token.
func floodRequest(t testing.TB, mode string) (http.Handler, *http.Request) {
	h, err := floodserver.New(mode)
	require.NoError(t, err)
	r := httptest.NewRequest(http.MethodGet, floodserver.Target, nil)
	r.RemoteAddr = "192.0.2.1:1234"
	h.ServeHTTP(newDiscard(), r)
	return h, r
}

// TestFloodServersRefuse checks the premise of the floods and of
// BenchmarkFloodServer: every server refuses every request.
func TestFloodServersRefuse(t *testing.T) {
	for _, mode := range floodserver.Modes {
		h, r := floodRequest(t, mode)
		want := http.StatusTooManyRequests
		if mode == "405-chain" {
			want = http.StatusMethodNotAllowed
		}
		for range 3 {
			w := &statusWriter{discard: discard{h: make(http.Header)}}
			h.ServeHTTP(w, r)
			require.Equal(t, want, w.status, mode)
		}
	}
}

// BenchmarkFloodServer runs the servers of the floods in process, each
// refusing every request: what each costs beside http.Error, without the
// connection, net/http's parsing and writing, and wrk, all of which the
// floods include.
func BenchmarkFloodServer(b *testing.B) {
	for _, mode := range floodserver.Modes {
		b.Run(mode, func(b *testing.B) {
			h, r := floodRequest(b, mode)
			w := newDiscard()
			b.ReportAllocs()
			for b.Loop() {
				serve(h, w, r)
			}
		})
	}
}

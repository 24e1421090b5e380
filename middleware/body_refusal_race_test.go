package middleware_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

// Over HTTP/2 a handler may read the body in one goroutine while it
// writes the response in another. The refusal a body read triggers and
// the handler's writes must not race (run with -race), and the client gets
// either the handler's answer or the refusal, whole.
func TestBodyRefusalDuplexHTTP2(t *testing.T) {
	t.Parallel()
	duplex := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		read := make(chan struct{})
		go func() {
			defer close(read)
			_, _ = io.Copy(io.Discard, r.Body)
		}()
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("streaming"))
		http.NewResponseController(w).Flush()
		<-read
	})
	for name, mw := range map[string]func(http.Handler) http.Handler{
		"MaxBodySize":     middleware.MaxBodySize(1 << 10),
		"BodyReadTimeout": middleware.BodyReadTimeout(time.Minute),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := testserver.StartHTTP2(t, mw(duplex))
			for range 20 {
				req, err := http.NewRequest(http.MethodPost, srv.URL, io.NopCloser(strings.NewReader(strings.Repeat("x", 4<<10))))
				require.NoError(t, err)
				res, err := srv.Client().Do(req)
				require.NoError(t, err)
				body, _ := io.ReadAll(res.Body)
				_ = res.Body.Close()
				assert.Contains(t, []int{http.StatusOK, http.StatusRequestEntityTooLarge}, res.StatusCode, string(body))
			}
		})
	}
}

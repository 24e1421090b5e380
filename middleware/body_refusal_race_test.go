package middleware_test

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

// A full-duplex handler (any HTTP/2 handler, or an HTTP/1.1 one after
// ResponseController.EnableFullDuplex) may read the body in one goroutine
// while it sets header fields and writes in another. The refusal a body
// read triggers must not touch the response from the reading goroutine
// (run with -race), and the client gets either the handler's answer or the
// refusal, whole.
func TestBodyRefusalDuplex(t *testing.T) {
	t.Parallel()
	duplex := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ProtoMajor == 1 {
			assert.NoError(t, http.NewResponseController(w).EnableFullDuplex())
		}
		read := make(chan struct{})
		go func() {
			defer close(read)
			_, _ = io.Copy(io.Discard, r.Body)
		}()
		for i := 0; ; i++ {
			select {
			case <-read:
			default:
				w.Header().Set("X-Waited", strconv.Itoa(i))
				continue
			}
			break
		}
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("streaming"))
		http.NewResponseController(w).Flush()
	})
	for name, mw := range map[string]func(http.Handler) http.Handler{
		"MaxBodySize":     middleware.MaxBodySize(1 << 10),
		"BodyReadTimeout": middleware.BodyReadTimeout(time.Minute),
	} {
		for proto, srv := range testserver.Servers(t, mw(duplex)) {
			t.Run(name+"/"+proto, func(t *testing.T) {
				t.Parallel()
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
}

package middleware

import (
	"bufio"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/problem"
)

// hijackRecorder is a ResponseRecorder that can be hijacked.
type hijackRecorder struct {
	*httptest.ResponseRecorder
	hijacked bool
}

func (h *hijackRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h.hijacked = true
	return nil, nil, nil
}

func TestBodyRefusalWriter(t *testing.T) {
	refusal := &problem.Details{Status: http.StatusRequestEntityTooLarge, Detail: "too large"}

	t.Run("refusal drops the handler's later writes", func(t *testing.T) {
		rec := httptest.NewRecorder()
		w := &bodyRefusalWriter{ResponseWriter: rec}
		assert.True(t, w.refuse(httptest.NewRequest(http.MethodPost, "/", nil), refusal))
		w.Header().Set("X-Handler", "late")
		w.WriteHeader(http.StatusInternalServerError)
		n, err := w.Write([]byte("handler error"))
		assert.Equal(t, 13, n)
		assert.NoError(t, err)
		copied, err := w.ReadFrom(strings.NewReader("more"))
		assert.Equal(t, int64(4), copied)
		assert.NoError(t, err)
		w.Flush()
		assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
		assert.Equal(t, "close", rec.Header().Get("Connection"))
		assert.Contains(t, rec.Body.String(), "too large")
		assert.NotContains(t, rec.Body.String(), "handler error")
		assert.NotContains(t, rec.Body.String(), "more")
	})

	t.Run("informational statuses do not start the response", func(t *testing.T) {
		w := &bodyRefusalWriter{ResponseWriter: httptest.NewRecorder()}
		w.WriteHeader(http.StatusEarlyHints)
		assert.False(t, w.started)
		w.WriteHeader(http.StatusSwitchingProtocols)
		assert.True(t, w.started)
	})

	for name, start := range map[string]func(w *bodyRefusalWriter){
		"WriteHeader": func(w *bodyRefusalWriter) { w.WriteHeader(http.StatusAccepted) },
		"Write":       func(w *bodyRefusalWriter) { _, _ = w.Write([]byte("started")) },
		"ReadFrom":    func(w *bodyRefusalWriter) { _, _ = w.ReadFrom(strings.NewReader("started")) },
		"Flush":       func(w *bodyRefusalWriter) { w.Flush() },
	} {
		t.Run("a response started with "+name+" stands", func(t *testing.T) {
			rec := httptest.NewRecorder()
			w := &bodyRefusalWriter{ResponseWriter: rec}
			start(w)
			assert.False(t, w.refuse(httptest.NewRequest(http.MethodPost, "/", nil), refusal))
			assert.NotEqual(t, http.StatusRequestEntityTooLarge, rec.Code)
			assert.Empty(t, rec.Header().Get("Connection"))
		})
	}

	t.Run("ResponseController reaches through", func(t *testing.T) {
		rec := &hijackRecorder{ResponseRecorder: httptest.NewRecorder()}
		w := &bodyRefusalWriter{ResponseWriter: rec}
		_, _, err := http.NewResponseController(w).Hijack()
		require.NoError(t, err)
		assert.True(t, rec.hijacked)
		assert.False(t, w.refuse(httptest.NewRequest(http.MethodPost, "/", nil), refusal))
		assert.Same(t, rec, w.Unwrap())
	})

	t.Run("HTTP/2 refusals carry no Connection field", func(t *testing.T) {
		rec := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodPost, "/", nil)
		r.ProtoMajor, r.ProtoMinor = 2, 0
		assert.True(t, (&bodyRefusalWriter{ResponseWriter: rec}).refuse(r, refusal))
		assert.Empty(t, rec.Header().Get("Connection"))
	})
}

package middleware

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/textproto"
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

// ReadFrom makes hijackRecorder look like an HTTP/1.x connection's writer.
func (h *hijackRecorder) ReadFrom(src io.Reader) (int64, error) {
	return io.Copy(h.ResponseRecorder, src)
}

func TestBodyRefusalWriter(t *testing.T) {
	refusal := &problem.Details{Status: http.StatusRequestEntityTooLarge, Detail: "too large"}
	post := func() *http.Request { return httptest.NewRequest(http.MethodPost, "/", nil) }

	t.Run("a failed read touches nothing until the handler writes", func(t *testing.T) {
		rec := &hijackRecorder{ResponseRecorder: httptest.NewRecorder()}
		bw := &bodyRefusalWriter{ResponseWriter: rec, r: post()}
		w := bodyRefusalHTTP1Writer{bodyRefusalFlushWriter{bw}}
		bw.fail(refusal, 0)
		assert.Empty(t, rec.Header())
		assert.False(t, rec.Flushed)
		assert.Empty(t, rec.Body.String())
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusInternalServerError)
		n, err := w.Write([]byte("handler error"))
		assert.Equal(t, 13, n)
		assert.NoError(t, err)
		copied, err := w.ReadFrom(strings.NewReader("more"))
		assert.Equal(t, int64(4), copied)
		assert.NoError(t, err)
		w.Flush()
		bw.finish()
		assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
		assert.Equal(t, "close", rec.Header().Get("Connection"))
		assert.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"))
		assert.Contains(t, rec.Body.String(), "too large")
		assert.NotContains(t, rec.Body.String(), "handler error")
		assert.NotContains(t, rec.Body.String(), "more")
	})

	for name, act := range map[string]func(w bodyRefusalHTTP1Writer){
		"WriteHeader": func(w bodyRefusalHTTP1Writer) { w.WriteHeader(http.StatusBadRequest) },
		"Write":       func(w bodyRefusalHTTP1Writer) { _, _ = w.Write([]byte("handler error")) },
		"ReadFrom":    func(w bodyRefusalHTTP1Writer) { _, _ = w.ReadFrom(strings.NewReader("handler error")) },
		"Flush":       func(w bodyRefusalHTTP1Writer) { w.Flush() },
		"return":      func(w bodyRefusalHTTP1Writer) { w.finish() },
	} {
		t.Run("a pending refusal is sent by "+name, func(t *testing.T) {
			rec := &hijackRecorder{ResponseRecorder: httptest.NewRecorder()}
			w := bodyRefusalHTTP1Writer{bodyRefusalFlushWriter{&bodyRefusalWriter{ResponseWriter: rec, r: post()}}}
			w.fail(refusal, 0)
			act(w)
			assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
			assert.Contains(t, rec.Body.String(), "too large")
			assert.NotContains(t, rec.Body.String(), "handler error")
		})
	}

	t.Run("a pending refusal is sent instead of a hijack", func(t *testing.T) {
		rec := &hijackRecorder{ResponseRecorder: httptest.NewRecorder()}
		w := bodyRefusalHTTP1Writer{bodyRefusalFlushWriter{&bodyRefusalWriter{ResponseWriter: rec, r: post()}}}
		w.fail(refusal, 0)
		_, _, err := w.Hijack()
		assert.ErrorIs(t, err, errBodyRefused)
		assert.False(t, rec.hijacked)
		assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	})

	t.Run("the first failure is the one sent", func(t *testing.T) {
		rec := httptest.NewRecorder()
		w := &bodyRefusalWriter{ResponseWriter: rec, r: post()}
		w.fail(refusal, 0)
		w.fail(&problem.Details{Status: http.StatusRequestTimeout}, 0)
		w.finish()
		assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	})

	t.Run("informational statuses do not start the response", func(t *testing.T) {
		w := &bodyRefusalWriter{ResponseWriter: httptest.NewRecorder(), r: post()}
		w.WriteHeader(http.StatusEarlyHints)
		assert.False(t, w.started)
		w.WriteHeader(http.StatusSwitchingProtocols)
		assert.True(t, w.started)
	})

	for name, start := range map[string]func(w bodyRefusalHTTP1Writer){
		"WriteHeader": func(w bodyRefusalHTTP1Writer) { w.WriteHeader(http.StatusAccepted) },
		"Write":       func(w bodyRefusalHTTP1Writer) { _, _ = w.Write([]byte("started")) },
		"ReadFrom":    func(w bodyRefusalHTTP1Writer) { _, _ = w.ReadFrom(strings.NewReader("started")) },
		"Flush":       func(w bodyRefusalHTTP1Writer) { w.Flush() },
	} {
		t.Run("a response started with "+name+" stands", func(t *testing.T) {
			rec := &hijackRecorder{ResponseRecorder: httptest.NewRecorder()}
			w := &bodyRefusalWriter{ResponseWriter: rec, r: post()}
			start(bodyRefusalHTTP1Writer{bodyRefusalFlushWriter{w}})
			w.fail(refusal, 0)
			w.finish()
			assert.NotEqual(t, http.StatusRequestEntityTooLarge, rec.Code)
			assert.Empty(t, rec.Header().Get("Connection"))
		})
	}

	t.Run("ResponseController reaches through", func(t *testing.T) {
		rec := &hijackRecorder{ResponseRecorder: httptest.NewRecorder()}
		w := &bodyRefusalWriter{ResponseWriter: rec, r: post()}
		_, _, err := http.NewResponseController(w.wrap()).Hijack()
		require.NoError(t, err)
		assert.True(t, rec.hijacked)
		w.fail(refusal, 0)
		w.finish()
		assert.NotEqual(t, http.StatusRequestEntityTooLarge, rec.Code)
		assert.Same(t, rec, w.Unwrap())
	})

	t.Run("HTTP/2 refusals carry no Connection field", func(t *testing.T) {
		rec := httptest.NewRecorder()
		r := post()
		r.ProtoMajor, r.ProtoMinor = 2, 0
		writeBodyRefusal(rec, r, refusal, 0)
		assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
		assert.Empty(t, rec.Header().Get("Connection"))
	})

	t.Run("the refusal drops the fields the handler set for its representation", func(t *testing.T) {
		rec := httptest.NewRecorder()
		stale := map[string]string{
			"Content-Encoding": "gzip", "Etag": `"v1"`, "Cache-Control": "max-age=3600",
			"Last-Modified": "Wed, 21 Oct 2015 07:28:00 GMT", "Content-Range": "bytes 0-9/10",
			"Content-Disposition": "attachment", "Content-Language": "de", "Content-Location": "/doc.de",
		}
		for name, value := range stale {
			rec.Header().Set(name, value)
		}
		rec.Header().Set("X-Request-Id", "kept")
		writeBodyRefusal(rec, post(), refusal, 7)
		for name := range stale {
			assert.Empty(t, rec.Header().Values(name), name)
		}
		assert.Equal(t, "kept", rec.Header().Get("X-Request-Id"))
		assert.Equal(t, "7", rec.Header().Get("Retry-After"))
	})

	t.Run("the variant keeps only the interfaces of the wrapped writer", func(t *testing.T) {
		plain := (&bodyRefusalWriter{ResponseWriter: struct{ http.ResponseWriter }{httptest.NewRecorder()}}).wrap()
		_, flusher := plain.(http.Flusher)
		assert.False(t, flusher)
		flushOnly := (&bodyRefusalWriter{ResponseWriter: httptest.NewRecorder()}).wrap()
		_, flusher = flushOnly.(http.Flusher)
		_, hijacker := flushOnly.(http.Hijacker)
		assert.True(t, flusher)
		assert.False(t, hijacker)
	})
}

// TestRefusalStaleFieldsAreCanonical checks the names that a refusal
// deletes from the header map without canonicalising them.
func TestRefusalStaleFieldsAreCanonical(t *testing.T) {
	for _, name := range refusalStaleFields {
		if canonical := textproto.CanonicalMIMEHeaderKey(name); canonical != name {
			t.Errorf("%q is not canonical: %q", name, canonical)
		}
	}
}

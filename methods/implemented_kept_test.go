package methods

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
)

// headerOnly is a response writer that keeps nothing but its header.
type headerOnly struct{ h http.Header }

func (w *headerOnly) Header() http.Header         { return w.h }
func (w *headerOnly) Write(b []byte) (int, error) { return len(b), nil }
func (w *headerOnly) WriteHeader(int)             {}

// TestNotImplementedKeptWhenRepeated checks that a flood of one
// unrecognised method is answered from a kept 501, the same bytes as the
// first, without allocating.
func TestNotImplementedKeptWhenRepeated(t *testing.T) {
	h := Implemented()(http.NotFoundHandler())
	first := httptest.NewRecorder()
	h.ServeHTTP(first, httptest.NewRequest("BREW", "/pot", nil))
	r := httptest.NewRequest("BREW", "/pot", nil)
	for range 2 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		assert.Equal(t, http.StatusNotImplemented, rec.Code)
		assert.Equal(t, first.Header(), rec.Header())
		assert.Equal(t, first.Body.String(), rec.Body.String())
	}
	w := &headerOnly{h: make(http.Header)}
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		clear(w.h)
		h.ServeHTTP(w, r)
	}))
}

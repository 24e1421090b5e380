package benchmarks

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPeersNeverRefuse checks the premise of the benchmarks: every
// implementation lets a hot key through.
func TestPeersNeverRefuse(t *testing.T) {
	for _, p := range peers {
		h := p.new()
		for range 1000 {
			rec := httptest.NewRecorder()
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.RemoteAddr = "192.0.2.1:1234"
			h.ServeHTTP(rec, r)
			if !assert.Equal(t, http.StatusNoContent, rec.Code, p.name) {
				break
			}
		}
	}
}

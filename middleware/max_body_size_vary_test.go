package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/fourxx/fourxx/middleware"
)

// TestMaxBodySizeExtendsEarlierVary checks the Vary of MaxBodySize's 413,
// for a declared length and for a body read past the limit, behind a
// middleware that set fields of its own: an earlier Vary is extended with
// Accept, and fields the refusal drops as stale (Cache-Control) or others
// leave Vary to be Accept alone.
func TestMaxBodySizeExtendsEarlierVary(t *testing.T) {
	h := middleware.MaxBodySize(10)(readBody)
	earlier := []struct {
		name     string
		fields   map[string]string
		wantVary []string
	}{
		{"none", nil, []string{"Accept"}},
		{"other field", map[string]string{"X-Request-Id": "1"}, []string{"Accept"}},
		{"stale field", map[string]string{"Cache-Control": "max-age=60"}, []string{"Accept"}},
		{"Vary", map[string]string{"Vary": "Origin"}, []string{"Origin", "Accept"}},
		{"Vary and stale field", map[string]string{"Vary": "Origin", "Cache-Control": "max-age=60"}, []string{"Origin", "Accept"}},
		{"Vary naming Accept", map[string]string{"Vary": "Accept-Encoding, accept"}, []string{"Accept-Encoding, accept"}},
	}
	for _, declared := range []bool{true, false} {
		for _, e := range earlier {
			name := e.name + "/read past the limit"
			if declared {
				name = e.name + "/declared"
			}
			t.Run(name, func(t *testing.T) {
				r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(strings.Repeat("x", 100)))
				if !declared {
					r.ContentLength = -1
				}
				rec := httptest.NewRecorder()
				for name, value := range e.fields {
					rec.Header().Set(name, value)
				}
				h.ServeHTTP(rec, r)
				assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
				assert.Equal(t, e.wantVary, rec.Header().Values("Vary"))
			})
		}
	}
}

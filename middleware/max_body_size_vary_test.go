package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/fourxx/fourxx/internal/varytest"
	"github.com/fourxx/fourxx/middleware"
)

// TestMaxBodySizeExtendsEarlierVary checks the Vary of MaxBodySize's 413,
// for a declared length and for a body read past the limit, behind a
// middleware that set fields of its own: an earlier Vary is extended with
// Accept, and fields the refusal drops as stale (Cache-Control) or others
// leave Vary to be Accept alone.
func TestMaxBodySizeExtendsEarlierVary(t *testing.T) {
	h := middleware.MaxBodySize(10)(readBody)
	earlier := append(slices.Clone(varytest.Cases),
		varytest.Earlier{Name: "stale field", Fields: map[string]string{"Cache-Control": "max-age=60"}, WantVary: []string{"Accept"}},
		varytest.Earlier{Name: "Vary and stale field", Fields: map[string]string{"Vary": "Origin", "Cache-Control": "max-age=60"}, WantVary: []string{"Origin", "Accept"}})
	for _, declared := range []bool{true, false} {
		for _, e := range earlier {
			name := e.Name + "/read past the limit"
			if declared {
				name = e.Name + "/declared"
			}
			t.Run(name, func(t *testing.T) {
				r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(strings.Repeat("x", 100)))
				if !declared {
					r.ContentLength = -1
				}
				rec := httptest.NewRecorder()
				for name, value := range e.Fields {
					rec.Header().Set(name, value)
				}
				h.ServeHTTP(rec, r)
				assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
				assert.Equal(t, e.WantVary, rec.Header().Values("Vary"))
			})
		}
	}
}

package problem_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/problemwrite"
	"github.com/fourxx/fourxx/problem"
)

// writeWithAllow answers r as a 405 does: it sets Allow on a header that
// the earlier fields were set on, and tells problem whether the header
// held no field before (problemwrite.Write).
func writeWithAllow(w http.ResponseWriter, r *http.Request, earlier http.Header, d *problem.Details) {
	h := w.Header()
	for name, values := range earlier {
		h[name] = values
	}
	noVary := len(h) == 0
	h["Allow"] = []string{"GET, HEAD, OPTIONS"}
	problemwrite.Write(w, r, d, noVary)
}

// TestWriteToldNoVary checks that problemwrite.Write sends what Write
// sends after the same fields, a Vary set earlier extended as before.
func TestWriteToldNoVary(t *testing.T) {
	tests := []struct {
		name     string
		earlier  http.Header
		wantVary []string
	}{
		{"no field earlier", http.Header{}, []string{"Accept"}},
		{"other field earlier", http.Header{"Cache-Control": {"no-store"}}, []string{"Accept"}},
		{"Vary earlier", http.Header{"Vary": {"Origin"}}, []string{"Origin", "Accept"}},
		{"Vary naming Accept earlier", http.Header{"Vary": {"Origin, accept"}}, []string{"Origin, accept"}},
		{"Vary star earlier", http.Header{"Vary": {"*"}}, []string{"*"}},
	}
	for _, tt := range tests {
		for _, accept := range []string{"", "text/html", "text/plain"} {
			for _, prepared := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%q/prepared=%t", tt.name, accept, prepared), func(t *testing.T) {
					d := &problem.Details{Status: http.StatusMethodNotAllowed, Detail: "Send GET."}
					if prepared {
						d = problem.Prepare(*d)
					}
					r := httptest.NewRequest(http.MethodPut, "/items/7", nil)
					if accept != "" {
						r.Header.Set("Accept", accept)
					}
					told := httptest.NewRecorder()
					writeWithAllow(told, r, tt.earlier, d)
					written := httptest.NewRecorder()
					for name, values := range tt.earlier {
						written.Header()[name] = values
					}
					written.Header()["Allow"] = []string{"GET, HEAD, OPTIONS"}
					problem.Write(written, r, d)

					assert.Equal(t, tt.wantVary, told.Header().Values("Vary"))
					assert.Equal(t, written.Header(), told.Header())
					assert.Equal(t, written.Code, told.Code)
					assert.Equal(t, written.Body.String(), told.Body.String())
					_, varied := tt.earlier["Vary"]
					fields := len(tt.earlier) + 5 // Allow and Standard's four
					if varied {
						fields--
					}
					assert.Len(t, told.Header(), fields)
				})
			}
		}
	}
}

// TestWriteToldNoVaryKeepsHooksAndRenderer checks that problemwrite.Write
// calls the hooks and hands the request to an installed renderer, with
// the field set, as Write does.
func TestWriteToldNoVaryKeepsHooksAndRenderer(t *testing.T) {
	var hooked *problem.Details
	var rendered http.Header
	renderer := problem.RendererFunc(func(w http.ResponseWriter, _ *http.Request, d *problem.Details) {
		rendered = w.Header().Clone()
		w.WriteHeader(d.Status)
	})
	h := problem.WithRenderer(renderer)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeWithAllow(w, r, nil, &problem.Details{Status: http.StatusMethodNotAllowed})
	}))
	r := httptest.NewRequest(http.MethodPut, "/", nil)
	r = r.WithContext(problem.ContextWithHook(r.Context(), problem.HookFunc(func(_ *http.Request, d *problem.Details) { hooked = d })))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)

	require.NotNil(t, hooked)
	assert.Equal(t, http.StatusMethodNotAllowed, hooked.Status)
	assert.Equal(t, http.Header{"Allow": {"GET, HEAD, OPTIONS"}}, rendered)
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
}

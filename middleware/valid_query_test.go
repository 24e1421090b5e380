package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

func TestValidQuery(t *testing.T) {
	srv := testserver.Start(t, middleware.ValidQuery()(echo))
	tests := []struct {
		target string
		status int
		detail string
	}{
		{"/items", 200, ""},
		{"/items?q=a+b&x=%20%C3%A9", 200, ""},
		{"/items?q=100%25", 200, ""},
		{"/items?q=%zz", 400, `invalid URL escape "%zz"`},
		{"/items?q=100%", 400, `invalid URL escape "%"`},
		{"/items?%4=1", 400, `invalid URL escape "%4"`},
		{"/items?a=1;b=2", 400, "invalid semicolon separator in query"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			res := testserver.Raw(t, srv, testserver.Request("GET "+tt.target+" HTTP/1.1", []string{"Host: x"}, ""))
			require.Equal(t, tt.status, res.Status, string(res.Body))
			if tt.status == 200 {
				return
			}
			d := testserver.DecodeProblem(t, res.Body)
			assert.Contains(t, d.Detail, tt.detail)
			assert.Contains(t, d.Detail, "%25")
		})
	}
}

// The member "query" repeats at most 256 bytes of a malformed query.
func TestValidQueryEchoIsBounded(t *testing.T) {
	query := "q=%zz&pad=" + strings.Repeat("p", 8<<10)
	rec := httptest.NewRecorder()
	middleware.ValidQuery()(echo).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/items?"+query, nil))
	require.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Less(t, rec.Body.Len(), 1<<10)
	assert.Equal(t, query[:256], testserver.DecodeProblem(t, rec.Body.Bytes()).Extensions["query"])
}

func BenchmarkValidQuery(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	h := middleware.ValidQuery()(ok)
	benchMiddleware(b, []benchCase{
		{"bare", ok, httptest.NewRequest(http.MethodGet, "/items?q=mug&page=2", nil)},
		{"pass", h, httptest.NewRequest(http.MethodGet, "/items?q=mug&page=2", nil)},
		{"pass escaped", h, httptest.NewRequest(http.MethodGet, "/items?q=m%C3%BCg&page=2", nil)},
		{"reject", h, httptest.NewRequest(http.MethodGet, "/items?q=%zz", nil)},
	})
}

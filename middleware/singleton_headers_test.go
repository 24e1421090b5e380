package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

func TestSingletonHeaders(t *testing.T) {
	defaults := testserver.Start(t, middleware.SingletonHeaders()(echo))
	custom := testserver.Start(t, middleware.SingletonHeaders("x-tenant")(echo))

	tests := []struct {
		name    string
		custom  bool
		headers []string
		status  int
		field   string
	}{
		{"one of each", false, []string{"Authorization: Bearer a", "Content-Type: text/plain", "Range: bytes=0-1"}, 200, ""},
		{"identical repeats", false, []string{"Content-Type: text/plain", "Content-Type:  text/plain"}, 200, ""},
		{"list fields may repeat", false, []string{"Accept: text/html", "Accept: application/json"}, 200, ""},
		{"two Authorization", false, []string{"Authorization: Bearer a", "Authorization: Bearer b"}, 400, "Authorization"},
		{"two Content-Type", false, []string{"Content-Type: text/plain", "Content-Type: application/json"}, 400, "Content-Type"},
		{"three Range", false, []string{"Range: bytes=0-1", "Range: bytes=0-1", "Range: bytes=5-9"}, 400, "Range"},
		{"two If-Unmodified-Since", false, []string{"If-Unmodified-Since: Sun, 06 Nov 1994 08:49:37 GMT", "If-Unmodified-Since: Mon, 07 Nov 1994 08:49:37 GMT"}, 400, "If-Unmodified-Since"},
		{"custom field", true, []string{"X-Tenant: a", "x-tenant: b"}, 400, "X-Tenant"},
		{"custom list ignores defaults", true, []string{"Authorization: Bearer a", "Authorization: Bearer b"}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := defaults
			if tt.custom {
				srv = custom
			}
			res := testserver.Raw(t, srv, testserver.Request("GET / HTTP/1.1", append([]string{"Host: x"}, tt.headers...), ""))
			require.Equal(t, tt.status, res.Status, string(res.Body))
			if tt.status == 200 {
				return
			}
			d := testserver.DecodeProblem(t, res.Body)
			assert.Equal(t, tt.field, d.Extensions["header"])
			assert.Contains(t, d.Detail, tt.field)
			assert.NotContains(t, string(res.Body), "Bearer", "values are not echoed")
		})
	}
}

func TestSingletonHeadersPanics(t *testing.T) {
	assert.Panics(t, func() { middleware.SingletonHeaders("X Tenant") })
}

func BenchmarkSingletonHeaders(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	h := middleware.SingletonHeaders()(ok)
	pass := httptest.NewRequest(http.MethodGet, "/", nil)
	pass.Header.Set("Authorization", "Bearer a")
	pass.Header.Set("User-Agent", "curl/8.0")
	reject := pass.Clone(pass.Context())
	reject.Header.Add("Authorization", "Bearer b")
	benchMiddleware(b, []benchCase{
		{"bare", ok, pass},
		{"pass", h, pass},
		{"reject", h, reject},
	})
}

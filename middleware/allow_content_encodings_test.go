package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

func TestAllowContentEncodings(t *testing.T) {
	t.Parallel()
	gzipOnly := testserver.Start(t, middleware.AllowContentEncodings("gzip", "BR")(echo))
	none := testserver.Start(t, middleware.AllowContentEncodings()(echo))

	tests := []struct {
		name     string
		srv      string
		encoding []string
		body     string
		status   int
		refused  string
		accept   string
	}{
		{"no coding", "gzip", nil, "x", 200, "", ""},
		{"gzip", "gzip", []string{"gzip"}, "x", 200, "", ""},
		{"case-insensitive", "gzip", []string{"GZip"}, "x", 200, "", ""},
		{"stacked", "gzip", []string{"gzip, br"}, "x", 200, "", ""},
		{"identity", "gzip", []string{"identity"}, "x", 200, "", ""},
		{"empty elements", "gzip", []string{", gzip ,"}, "x", 200, "", ""},
		{"deflate refused", "gzip", []string{"deflate"}, "x", 415, "deflate", "identity, gzip, br"},
		{"second of a stack refused", "gzip", []string{"gzip, zstd"}, "x", 415, "zstd", "identity, gzip, br"},
		{"second line refused", "gzip", []string{"gzip", "compress"}, "x", 415, "compress", "identity, gzip, br"},
		{"no content passes", "gzip", []string{"deflate"}, "", 200, "", ""},
		{"identity only", "none", []string{"gzip"}, "x", 415, "gzip", "identity"},
		{"identity only passes identity", "none", []string{"identity"}, "x", 200, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := gzipOnly
			if tt.srv == "none" {
				srv = none
			}
			headers := []string{"Host: x", "Content-Type: text/plain", "Content-Length: " + strconv.Itoa(len(tt.body))}
			for _, e := range tt.encoding {
				headers = append(headers, "Content-Encoding: "+e)
			}
			res := testserver.Raw(t, srv, testserver.Request("POST /upload HTTP/1.1", headers, tt.body))
			require.Equal(t, tt.status, res.Status, string(res.Body))
			if tt.status != http.StatusUnsupportedMediaType {
				assert.Empty(t, res.Header.Get("Accept-Encoding"))
				return
			}
			assert.Equal(t, tt.accept, res.Header.Get("Accept-Encoding"))
			d := testserver.DecodeProblem(t, res.Body)
			assert.Equal(t, tt.refused, d.Extensions["content_encoding"])
			var accepted []string
			for _, a := range d.Extensions["accepted"].([]any) {
				accepted = append(accepted, a.(string))
			}
			assert.Equal(t, tt.accept, strings.Join(accepted, ", "), "the member and the field agree")
			assert.Contains(t, d.Detail, `"`+tt.refused+`"`)
		})
	}
}

func TestAllowContentEncodingsPanics(t *testing.T) {
	for _, bad := range []string{"*", "", "gzip, br", "x y"} {
		assert.Panics(t, func() { middleware.AllowContentEncodings(bad) }, bad)
	}
}

func BenchmarkAllowContentEncodings(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	post := func(coding string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/upload", strings.NewReader("data"))
		if coding != "" {
			r.Header.Set("Content-Encoding", coding)
		}
		return r
	}
	h := middleware.AllowContentEncodings("gzip", "br")(ok)
	benchMiddleware(b, []benchCase{
		{"bare", ok, post("gzip")},
		{"pass identity", h, post("")},
		{"pass gzip", h, post("gzip")},
		{"pass stacked", h, post("gzip, br")},
		{"reject", h, post("zstd")},
	})
}

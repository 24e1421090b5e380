package middleware_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	chimw "github.com/go-chi/chi/v5/middleware"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
	"github.com/fourxx/fourxx/middleware"
)

func TestAllowContentTypes(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, middleware.AllowContentTypes(
		"application/json", "application/*+json", "text/*", "image/png; q=\"x\"",
	)(echo))
	accepted := `application/json, application/*+json, text/*, image/png; q=x`

	tests := []struct {
		name    string
		method  string
		headers []string
		body    string
		status  int
	}{
		{"json", "POST", []string{"Content-Type: application/json"}, "{}", 200},
		{"json with charset", "POST", []string{"Content-Type: application/json; charset=utf-8"}, "{}", 200},
		{"case-insensitive", "POST", []string{"Content-Type: Application/JSON;Charset=\"UTF-8\""}, "{}", 200},
		{"structured suffix", "POST", []string{"Content-Type: application/vnd.api+json"}, "{}", 200},
		{"problem+json", "PATCH", []string{"Content-Type: application/merge-patch+json"}, "{}", 200},
		{"type wildcard", "PUT", []string{"Content-Type: text/csv"}, "a,b", 200},
		{"required parameter present", "POST", []string{"Content-Type: image/png;q=x"}, "x", 200},
		{"no content passes", "POST", []string{"Content-Type: application/xml", "Content-Length: 0"}, "", 200},
		{"no content no type", "DELETE", nil, "", 200},
		{"chunked counts as content", "POST", []string{"Transfer-Encoding: chunked", "Content-Type: application/xml"}, "1\r\nx\r\n0\r\n\r\n", 415},
		{"xml refused on POST", "POST", []string{"Content-Type: application/xml"}, "<a/>", 415},
		{"xml refused on PATCH", "PATCH", []string{"Content-Type: application/xml"}, "<a/>", 415},
		{"xml refused on PUT", "PUT", []string{"Content-Type: application/xml"}, "<a/>", 415},
		{"missing type", "POST", nil, "{}", 415},
		{"bare suffix is not a subtype", "POST", []string{"Content-Type: application/+json"}, "{}", 415},
		{"malformed parameter", "POST", []string{"Content-Type: application/json; charset"}, "{}", 415},
		{"no subtype", "POST", []string{"Content-Type: application"}, "{}", 415},
		{"required parameter missing", "POST", []string{"Content-Type: image/png"}, "x", 415},
		{"two types", "POST", []string{"Content-Type: application/json", "Content-Type: application/xml"}, "{}", 415},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			headers := append([]string{"Host: x"}, tt.headers...)
			if tt.body != "" && !strings.Contains(strings.Join(tt.headers, "\n"), "chunked") {
				headers = append(headers, "Content-Length: "+strconv.Itoa(len(tt.body)))
			}
			res := testserver.Raw(t, srv, testserver.Request(tt.method+" /items HTTP/1.1", headers, tt.body))
			require.Equal(t, tt.status, res.Status, string(res.Body))
			if tt.status != http.StatusUnsupportedMediaType {
				return
			}
			assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
			assert.Equal(t, map[string]string{"POST": accepted}[tt.method], res.Header.Get("Accept-Post"))
			assert.Equal(t, map[string]string{"PATCH": accepted}[tt.method], res.Header.Get("Accept-Patch"))
			d := testserver.DecodeProblem(t, res.Body)
			assert.Equal(t, "Unsupported Media Type", d.Title)
			assert.Contains(t, d.Detail, accepted)
			assert.Equal(t, []any{"application/json", "application/*+json", "text/*", "image/png; q=x"}, d.Extensions["accepted"])
			if ct, ok := d.Extensions["content_type"]; ok {
				assert.IsType(t, "", ct, "content_type is always a string")
			}
			if tt.name == "two types" {
				assert.Equal(t, []any{"application/json", "application/xml"}, d.Extensions["content_types"])
			}
		})
	}
}

func TestAllowContentTypesHTTP2(t *testing.T) {
	srv := testserver.StartHTTP2(t, middleware.AllowContentTypes("application/json")(echo))
	for ct, want := range map[string]int{"application/json": 200, "text/plain": 415} {
		res, err := srv.Client().Post(srv.URL, ct, strings.NewReader("{}"))
		require.NoError(t, err)
		_ = res.Body.Close()
		assert.Equal(t, "HTTP/2.0", res.Proto)
		assert.Equal(t, want, res.StatusCode, ct)
	}
	res, err := srv.Client().Get(srv.URL)
	require.NoError(t, err)
	_ = res.Body.Close()
	assert.Equal(t, 200, res.StatusCode, "a GET without content passes")
}

func TestAllowContentTypesPanics(t *testing.T) {
	assert.PanicsWithValue(t, "middleware: AllowContentTypes: needs at least one media type", func() { middleware.AllowContentTypes() })
	for _, bad := range []string{"json", "*/json", "application/js*n", "text/html; charset", ""} {
		assert.Panics(t, func() { middleware.AllowContentTypes(bad) }, bad)
	}
}

func BenchmarkAllowContentTypes(b *testing.B) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	post := func(ct string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/items", strings.NewReader(`{"name":"mug"}`))
		r.Header.Set("Content-Type", ct)
		return r
	}
	ours := middleware.AllowContentTypes("application/json", "application/*+json")(ok)
	chis := chimw.AllowContentType("application/json")(ok)
	benchMiddleware(b, []benchCase{
		{"bare", ok, post("application/json")},
		{"pass", ours, post("application/json")},
		{"pass charset", ours, post("application/json; charset=utf-8")},
		{"pass suffix", ours, post("application/problem+json")},
		{"reject", ours, post("application/xml")},
		{"chi pass", chis, post("application/json")},
		{"chi pass charset", chis, post("application/json; charset=utf-8")},
		{"chi reject", chis, post("application/xml")},
	})
}

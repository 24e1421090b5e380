package main

import (
	"bytes"
	"cmp"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
)

func TestDemo(t *testing.T) {
	var logs bytes.Buffer
	srv := testserver.Start(t, newRouter(slog.New(slog.NewTextHandler(&logs, nil)), newStore()))

	tests := []struct {
		name, method, path, body string
		status                   int
		contains                 string
	}{
		{"list", "GET", "/items", "", 200, `"name":"teapot"`},
		{"get", "GET", "/items/2", "", 200, `"name":"kettle"`},
		{"missing", "GET", "/items/99", "", 404, `"status":404`},
		{"create", "POST", "/items", `{"name":"mug"}`, 201, `"id":"3"`},
		{"put", "PUT", "/items/1", `{"name":"pot"}`, 200, `"name":"pot"`},
		{"bad body", "PUT", "/items/1", `{`, 400, `"status":400`},
		{"delete", "DELETE", "/items/2", "", 204, ""},
		{"list route has a short URI limit", "GET", "/items?q=" + strings.Repeat("x", 300), "", 414, `"limit":256`},
		{"global URI limit", "GET", "/items/" + strings.Repeat("x", 40_000), "", 414, `"limit":32768`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
			require.NoError(t, err)
			if tt.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			res, err := srv.Client().Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			assert.Equal(t, tt.status, res.StatusCode, string(body))
			assert.Contains(t, string(body), tt.contains)
		})
	}
	assert.Contains(t, logs.String(), "method=GET path=/items status=200")
	assert.Contains(t, logs.String(), "status=414")
}

func TestDemoContentRules(t *testing.T) {
	srv := testserver.Start(t, newRouter(slog.New(slog.NewTextHandler(io.Discard, nil)), newStore()))

	tests := []struct {
		name         string
		method, path string
		headers      map[string]string
		body         string
		status       int
		header       string // "Name: value" the response must carry
		contains     string
	}{
		{"html representation", "GET", "/items/1", map[string]string{"Accept": "text/html,*/*;q=0.8"}, "", 200, "Content-Type: text/html; charset=utf-8", "<h1>teapot</h1>"},
		{"text representation", "GET", "/items/1", map[string]string{"Accept": "text/plain"}, "", 200, "Vary: Accept", "1: teapot"},
		{"406", "GET", "/items/1", map[string]string{"Accept": "image/png"}, "", 406, "Vary: Accept", `"mediaTypes":["application/json","text/html","text/plain"]`},
		{"415 type", "POST", "/items", map[string]string{"Content-Type": "text/plain"}, "mug", 415, "Accept-Post: application/json", `"accepted":["application/json"]`},
		{"415 coding", "PUT", "/items/1", map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"}, "{}", 415, "Accept-Encoding: identity", `"contentEncoding":"gzip"`},
		{"400 syntax", "POST", "/items", map[string]string{"Content-Type": "application/json"}, `{"name":}`, 400, "", `"offset":9`},
		{"400 unknown field", "POST", "/items", map[string]string{"Content-Type": "application/json"}, `{"nmae":"mug"}`, 400, "", `"field":"nmae"`},
		{"400 query", "GET", "/items?q=%zz", nil, "", 400, "", `invalid URL escape`},
		{"400 host", "GET", "/items", map[string]string{"Host": "evil.test"}, "", 400, "", `"host":"evil.test"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
			require.NoError(t, err)
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			req.Host = cmp.Or(tt.headers["Host"], req.Host)
			res, err := srv.Client().Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			assert.Equal(t, tt.status, res.StatusCode, string(body))
			assert.Contains(t, string(body), tt.contains)
			if name, value, ok := strings.Cut(tt.header, ": "); ok {
				assert.Contains(t, res.Header.Values(name), value)
			}
		})
	}
}

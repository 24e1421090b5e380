package main

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

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
		{"item too large", "PUT", "/items/1", `{"name":"` + strings.Repeat("x", 2000) + `"}`, 413, `"limit":1024`},
		{"global URI limit", "GET", "/items/" + strings.Repeat("x", 40_000), "", 414, `"limit":32768`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
			require.NoError(t, err)
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

func TestDemoBodyRules(t *testing.T) {
	srv := testserver.Start(t, newRouter(slog.New(slog.DiscardHandler), newStore()))

	tests := []struct {
		name     string
		request  []byte
		status   int
		contains string
		closes   bool
	}{
		{"411 for a chunked item", testserver.Request("POST /items HTTP/1.1",
			[]string{"Host: x", "Transfer-Encoding: chunked"}, "e\r\n{\"name\":\"mug\"}\r\n0\r\n\r\n"), 411, "send a Content-Length header", false},
		{"413 before the upload", testserver.Request("PUT /items/1 HTTP/1.1",
			[]string{"Host: x", "Content-Length: 5000", "Expect: 100-continue"}, ""), 413, `"length":5000`, true},
		{"417 for an unknown expectation", testserver.Request("PUT /items/1 HTTP/1.1",
			[]string{"Host: x", "Content-Length: 14", "Expect: 100-continue, x-fast"}, ""), 417, `"expectation":"x-fast"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := testserver.Raw(t, srv, tt.request)
			assert.Equal(t, tt.status, res.Status, string(res.Body))
			assert.Contains(t, string(res.Body), tt.contains)
			assert.Equal(t, tt.closes, res.ConnectionClose)
			assert.Equal(t, tt.closes, res.Closed)
		})
	}

	t.Run("100-continue is met", func(t *testing.T) {
		client := &http.Client{Transport: &http.Transport{ExpectContinueTimeout: time.Minute}}
		t.Cleanup(client.CloseIdleConnections)
		req, err := http.NewRequest(http.MethodPut, srv.URL+"/items/1", strings.NewReader(`{"name":"mug"}`))
		require.NoError(t, err)
		req.Header.Set("Expect", "100-continue")
		res, err := client.Do(req)
		require.NoError(t, err)
		_ = res.Body.Close()
		assert.Equal(t, http.StatusOK, res.StatusCode)
	})
}

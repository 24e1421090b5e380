package main

import (
	"bytes"
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

func TestDemoRateLimits(t *testing.T) {
	srv := testserver.Start(t, newRouter(slog.New(slog.DiscardHandler), newStore()))

	res, err := srv.Client().Get(srv.URL + "/items")
	require.NoError(t, err)
	_ = res.Body.Close()
	assert.Equal(t, `"global";q=40;w=2`, res.Header.Get("RateLimit-Policy"))
	assert.Equal(t, `"global";r=39;t=1`, res.Header.Get("RateLimit"))

	// Two PUTs pass, the third within 10 seconds is refused; the strict
	// write policy is the one reported.
	for i, want := range []int{200, 200, 429} {
		req, err := http.NewRequest(http.MethodPut, srv.URL+"/items/1", strings.NewReader(`{"name":"pot"}`))
		require.NoError(t, err)
		res, err := srv.Client().Do(req)
		require.NoError(t, err)
		body, _ := io.ReadAll(res.Body)
		_ = res.Body.Close()
		require.Equal(t, want, res.StatusCode, "PUT %d: %s", i+1, body)
		assert.Equal(t, `"writes";q=2;w=20`, res.Header.Get("RateLimit-Policy"))
		if want == 429 {
			assert.Equal(t, "10", res.Header.Get("Retry-After"))
			assert.Contains(t, string(body), `"policy":"writes"`)
		}
	}
}

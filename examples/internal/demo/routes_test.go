package demo

import (
	"bytes"
	"cmp"
	"fmt"
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

// admin is the demo's Basic credentials for DELETE (admin:admin).
var admin = [2]string{"Authorization", "Basic YWRtaW46YWRtaW4="}

func TestDemo(t *testing.T) {
	var logs bytes.Buffer
	srv := testserver.Start(t, newRouter(slog.New(slog.NewTextHandler(&logs, nil)), newStore(), Hosts("127.0.0.1:8080")))

	tests := []struct {
		name, method, path, body string
		headers                  [][2]string
		status                   int
		contains                 string
	}{
		{"list", "GET", "/items", "", nil, 200, `"name":"teapot"`},
		{"get", "GET", "/items/2", "", nil, 200, `"name":"kettle"`},
		{"missing", "GET", "/items/99", "", nil, 404, `"status":404`},
		{"create", "POST", "/items", `{"name":"mug"}`, nil, 201, `"id":"3"`},
		{"put without If-Match", "PUT", "/items/1", `{"name":"pot"}`, nil, 428, `If-Match: \"v1\"`},
		{"put", "PUT", "/items/1", `{"name":"pot"}`, [][2]string{{"If-Match", `"v1"`}}, 200, `"version":2`},
		{"put with a stale If-Match", "PUT", "/items/1", `{"name":"pan"}`, [][2]string{{"If-Match", `"v1"`}}, 412, `"failed":"If-Match"`},
		{"not modified", "GET", "/items/1", "", [][2]string{{"If-None-Match", `"v2"`}}, 304, ""},
		{"modified", "GET", "/items/1", "", [][2]string{{"If-None-Match", `"v1"`}}, 200, `"name":"pot"`},
		{"bad body", "PUT", "/items/1", `{`, [][2]string{{"If-Match", `"v2"`}}, 400, `"status":400`},
		{"create with PUT", "PUT", "/items/7", `{"name":"cup"}`, [][2]string{{"If-None-Match", "*"}}, 201, `"id":"7"`},
		{"create-only PUT of an existing item", "PUT", "/items/7", `{"name":"cup"}`, [][2]string{{"If-None-Match", "*"}}, 412, `"failed":"If-None-Match"`},
		{"delete needs credentials", "DELETE", "/items/2", "", [][2]string{{"If-Match", `"v1"`}}, 401, `"status":401`},
		{"delete without If-Match", "DELETE", "/items/2", "", [][2]string{admin}, 428, `"status":428`},
		{"delete", "DELETE", "/items/2", "", [][2]string{admin, {"If-Match", `"v1"`}}, 204, ""},
		{"list route has a short URI limit", "GET", "/items?q=" + strings.Repeat("x", 300), "", nil, 414, `"limit":256`},
		{"item too large", "PUT", "/items/1", `{"name":"` + strings.Repeat("x", 2000) + `"}`, nil, 413, `"limit":1024`},
		{"global URI limit", "GET", "/items/" + strings.Repeat("x", 40_000), "", nil, 414, `"limit":32768`},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
			require.NoError(t, err)
			for _, kv := range tt.headers {
				req.Header.Set(kv[0], kv[1])
			}
			if tt.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			// Each case is its own client, so the strict write limit
			// (TestDemoRateLimits) does not count the cases together.
			req.Header.Set("X-Real-IP", fmt.Sprintf("192.0.2.%d", i+1))
			res, err := srv.Client().Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			assert.Equal(t, tt.status, res.StatusCode, string(body))
			assert.Contains(t, string(body), tt.contains)
		})
	}
	methodTests := []struct {
		name, method, path string
		status             int
		allow, contains    string
	}{
		{"405 lists the collection's methods", "DELETE", "/items", 405, "GET, HEAD, OPTIONS, POST", `"method":"DELETE"`},
		{"405 on an item", "POST", "/items/1", 405, "DELETE, GET, HEAD, OPTIONS, PUT", `"status":405`},
		{"OPTIONS", "OPTIONS", "/items/1", 204, "DELETE, GET, HEAD, OPTIONS, PUT", ""},
		{"HEAD like GET", "HEAD", "/items/1", 200, "", ""},
		{"unknown method", "BREW", "/items", 501, "", `"status":501`},
		{"methods are case-sensitive", "get", "/items", 501, "", `"method":"get"`},
		{"no such path", "GET", "/nowhere", 404, "", `"status":404`},
	}
	for _, tt := range methodTests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, nil)
			require.NoError(t, err)
			res, err := srv.Client().Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			assert.Equal(t, tt.status, res.StatusCode, string(body))
			assert.Equal(t, tt.allow, res.Header.Get("Allow"))
			assert.Contains(t, string(body), tt.contains)
			if tt.method == "HEAD" {
				assert.Empty(t, body)
				assert.Equal(t, "application/json", res.Header.Get("Content-Type"))
			}
		})
	}
	assert.Contains(t, logs.String(), "method=GET route=/items path=/items status=200")
	assert.Contains(t, logs.String(), "status=405 bytes=222")
	assert.Contains(t, logs.String(), "rejected_by=methods.Chi")
	assert.Contains(t, logs.String(), "status=304")
	assert.Contains(t, logs.String(), "status=405")
	assert.Contains(t, logs.String(), "status=414")
}

func TestDemoContentRules(t *testing.T) {
	srv := testserver.Start(t, newRouter(slog.New(slog.NewTextHandler(io.Discard, nil)), newStore(), Hosts("127.0.0.1:8080")))

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
		{"406", "GET", "/items/1", map[string]string{"Accept": "image/png"}, "", 406, "Vary: Accept", `"media_types":["application/json","text/html","text/plain"]`},
		{"415 type", "POST", "/items", map[string]string{"Content-Type": "text/plain"}, "mug", 415, "Accept-Post: application/json", `"accepted":["application/json"]`},
		{"415 coding", "PUT", "/items/1", map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"}, "{}", 415, "Accept-Encoding: identity", `"content_encoding":"gzip"`},
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

func TestDemoBodyRules(t *testing.T) {
	srv := testserver.Start(t, newRouter(slog.New(slog.DiscardHandler), newStore(), Hosts("127.0.0.1:8080")))

	tests := []struct {
		name     string
		request  []byte
		status   int
		contains string
		closes   bool
	}{
		{"411 for a chunked item", testserver.Request("POST /items HTTP/1.1",
			[]string{"Host: 127.0.0.1", "Transfer-Encoding: chunked"}, "e\r\n{\"name\":\"mug\"}\r\n0\r\n\r\n"), 411, "send a Content-Length header", false},
		{"413 before the upload", testserver.Request("PUT /items/1 HTTP/1.1",
			[]string{"Host: 127.0.0.1", "Content-Length: 5000", "Expect: 100-continue"}, ""), 413, `"length":5000`, true},
		{"417 for an unknown expectation", testserver.Request("PUT /items/1 HTTP/1.1",
			[]string{"Host: 127.0.0.1", "Content-Length: 14", "Expect: 100-continue, x-fast"}, ""), 417, `"expectation":"x-fast"`, true},
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
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("If-Match", `"v1"`)
		res, err := client.Do(req)
		require.NoError(t, err)
		_ = res.Body.Close()
		assert.Equal(t, http.StatusOK, res.StatusCode)
	})
}

func TestDemoRateLimits(t *testing.T) {
	srv := testserver.Start(t, newRouter(slog.New(slog.DiscardHandler), newStore(), Hosts("127.0.0.1:8080")))

	res, err := srv.Client().Get(srv.URL + "/items")
	require.NoError(t, err)
	_ = res.Body.Close()
	assert.Equal(t, `"global";q=40;w=2`, res.Header.Get("RateLimit-Policy"))
	assert.Equal(t, `"global";r=39;t=1`, res.Header.Get("RateLimit"))

	// Two PUTs pass, the third within 10 seconds is refused; the strict
	// write policy is the one reported.
	for i, want := range []int{200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 429} {
		req, err := http.NewRequest(http.MethodPut, srv.URL+"/items/1", strings.NewReader(`{"name":"pot"}`))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("If-Match", fmt.Sprintf(`"v%d"`, i+1))
		res, err := srv.Client().Do(req)
		require.NoError(t, err)
		body, _ := io.ReadAll(res.Body)
		_ = res.Body.Close()
		require.Equal(t, want, res.StatusCode, "PUT %d: %s", i+1, body)
		assert.Equal(t, `"global";q=40;w=2, "writes";q=10;w=100`, res.Header.Get("RateLimit-Policy"))
		if want == 429 {
			assert.Equal(t, "10", res.Header.Get("Retry-After"))
			assert.Contains(t, string(body), `"policy":"writes"`)
		}
	}
}

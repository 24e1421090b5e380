package demo

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fourxx/fourxx/internal/testserver"
)

func TestDemoGates(t *testing.T) {
	srv := testserver.Start(t, newRouter(slog.New(slog.DiscardHandler), newStore(), Hosts("127.0.0.1:8080")))

	tests := []struct {
		name, method, path string
		headers            map[string]string
		basicAuth          [2]string
		status             int
		header, value      string
		contains           string
	}{
		{name: "401 without credentials", method: "DELETE", path: "/items/1", status: 401, header: "WWW-Authenticate", value: `Basic realm="fourxx demo", charset="UTF-8"`, contains: "needs credentials"},
		{name: "401 wrong password", method: "DELETE", path: "/items/1", basicAuth: [2]string{"admin", "guess"}, status: 401, header: "WWW-Authenticate", value: `Basic realm="fourxx demo", charset="UTF-8"`, contains: "wrong"},
		{name: "admin deletes", method: "DELETE", path: "/items/1", headers: map[string]string{"If-Match": `"v1"`}, basicAuth: [2]string{"admin", "admin"}, status: 204},
		{name: "402 free plan", method: "POST", path: "/items", headers: map[string]string{"X-Plan": "free"}, status: 402, header: "Link", value: `<https://example.com/billing>; rel="payment"`, contains: "upgrade"},
		{name: "403 blocked network", method: "GET", path: "/items", headers: map[string]string{"X-Real-IP": "203.0.113.9"}, status: 403, contains: "blocked after abuse"},
		{name: "403 bad bot", method: "GET", path: "/items/2", headers: map[string]string{"User-Agent": "BadBot/1.0"}, status: 403, contains: "crawler"},
		{name: "404 conceals internal", method: "GET", path: "/internal/stats", status: 404, header: "Cache-Control", value: "private"},
		// "admin deletes" above left one item.
		{name: "internal network sees it", method: "GET", path: "/internal/stats", headers: map[string]string{"X-Real-IP": "10.0.0.5"}, status: 200, contains: `{"items":1}`},
		{name: "410 old API", method: "GET", path: "/v1/items/1", status: 410, header: "Link", value: `</items>; rel="successor-version"`, contains: "switched off"},
		{name: "410 legacy", method: "GET", path: "/items/legacy", status: 410, contains: "removed permanently"},
		{name: "451 everywhere", method: "GET", path: "/items/451", status: 451, header: "Link", value: `<https://example.com/legal>; rel="blocked-by"`, contains: "court order"},
		{name: "451 in one region", method: "GET", path: "/items/7", headers: map[string]string{"CF-IPCountry": "DE"}, status: 451, header: "Link", value: `<https://example.com/legal>; rel="blocked-by"`, contains: "Germany"},
		{name: "other regions pass", method: "GET", path: "/items/7", headers: map[string]string{"CF-IPCountry": "FR"}, status: 404},
		{name: "HEAD 451 has no body", method: "HEAD", path: "/items/451", status: 451, header: "Link", value: `<https://example.com/legal>; rel="blocked-by"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var content io.Reader
			if tt.method == http.MethodPost {
				content = strings.NewReader(`{"name":"mug"}`)
			}
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, content)
			require.NoError(t, err)
			if content != nil {
				req.Header.Set("Content-Type", "application/json")
			}
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			if tt.basicAuth[0] != "" {
				req.SetBasicAuth(tt.basicAuth[0], tt.basicAuth[1])
			}
			res, err := srv.Client().Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			assert.Equal(t, tt.status, res.StatusCode, string(body))
			if tt.header != "" {
				assert.Equal(t, tt.value, res.Header.Get(tt.header))
			}
			assert.Contains(t, string(body), tt.contains)
			if tt.method == http.MethodHead {
				assert.Empty(t, body)
			}
		})
	}
}

// TestDemoConcealment checks that a client outside 10.0.0.0/8 cannot tell
// /internal from a path that does not exist, for any method or
// representation: same status, header fields except Date, body. Each
// request comes from its own address, so every rate limit field starts
// from the same state.
func TestDemoConcealment(t *testing.T) {
	srv := testserver.Start(t, newRouter(slog.New(slog.DiscardHandler), newStore(), Hosts("127.0.0.1:8080")))
	client := 0
	send := func(method, path, accept string) testserver.Response {
		client++
		headers := []string{"Host: 127.0.0.1:8080", fmt.Sprintf("X-Real-IP: 192.0.2.%d", client)}
		if accept != "" {
			headers = append(headers, "Accept: "+accept)
		}
		return testserver.Raw(t, srv, testserver.Request(method+" "+path+" HTTP/1.1", headers, ""))
	}
	for _, method := range []string{"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "BREW"} {
		for _, accept := range []string{"", "text/html", "text/plain"} {
			absent := send(method, "/nothing", accept)
			absent.Header.Del("Date")
			for _, path := range []string{"/internal/stats", "/internal/nothing", "/internal"} {
				concealed := send(method, path, accept)
				concealed.Header.Del("Date")
				at := method + " " + path + " Accept: " + accept
				assert.Equal(t, absent.Status, concealed.Status, at)
				assert.Equal(t, absent.Header, concealed.Header, at)
				assert.Equal(t, string(absent.Body), string(concealed.Body), at)
			}
		}
	}
}

// TestDemoGatesCaching checks what the gates tell caches: the fields they
// decided on in Vary, private answers where they decided on the address.
func TestDemoGatesCaching(t *testing.T) {
	srv := testserver.Start(t, newRouter(slog.New(slog.DiscardHandler), newStore(), Hosts("127.0.0.1:8080")))
	tests := []struct {
		name, method, path string
		headers            []string
		status             int
		vary, cacheControl []string
	}{
		{"any route varies by User-Agent", "GET", "/items", nil, 200, []string{"User-Agent"}, nil},
		{"a refused bot too", "GET", "/items", []string{"User-Agent: BadBot/1.0"}, 403, []string{"User-Agent", "Accept"}, nil},
		{"internal answers are private", "GET", "/internal/stats", []string{"X-Real-IP: 10.0.0.5"}, 200, []string{"User-Agent"}, []string{"private"}},
		{"concealed like any 404", "GET", "/internal/stats", nil, 404, []string{"User-Agent", "Accept"}, []string{"private"}},
		{"item 7 outside the region", "GET", "/items/7", []string{"CF-IPCountry: FR"}, 404, []string{"User-Agent", "Cf-Ipcountry", "Accept"}, []string{"private"}},
		{"item 7 in the region", "GET", "/items/7", []string{"CF-IPCountry: DE"}, 451, []string{"User-Agent", "Cf-Ipcountry", "Accept"}, []string{"private"}},
		{"other items do not vary by region", "GET", "/items/2", []string{"CF-IPCountry: DE"}, 200, []string{"User-Agent", "Accept"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := testserver.Raw(t, srv, testserver.Request(tt.method+" "+tt.path+" HTTP/1.1", append([]string{"Host: 127.0.0.1:8080"}, tt.headers...), ""))
			require.Equal(t, tt.status, res.Status, string(res.Body))
			assert.Equal(t, tt.vary, res.Header.Values("Vary"))
			assert.Equal(t, tt.cacheControl, res.Header.Values("Cache-Control"))
		})
	}
}

package demo

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

// send makes one request from the client IP ip and returns its status,
// RateLimit-Policy and body.
func send(t *testing.T, srv string, method, path, ip, body string, headers ...[2]string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(method, srv+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("X-Real-IP", ip)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, kv := range headers {
		req.Header.Set(kv[0], kv[1])
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("RateLimit-Policy"), string(b)
}

// TestDemoAdminSwapsRules changes the blocklist and the global limit
// through the admin endpoints while the server runs.
func TestDemoAdminSwapsRules(t *testing.T) {
	srv := testserver.Start(t, newRouter(slog.New(slog.NewTextHandler(io.Discard, nil)), newStore(), Hosts("127.0.0.1:8080"))).URL

	status, _, _ := send(t, srv, "GET", "/items/1", "198.51.100.7", "")
	assert.Equal(t, 200, status)
	status, _, _ = send(t, srv, "PUT", "/admin/blocklist", "192.0.2.1", `{"cidrs":["198.51.100.0/24"]}`)
	assert.Equal(t, 401, status, "the admin endpoint needs credentials")

	status, _, body := send(t, srv, "PUT", "/admin/blocklist", "192.0.2.1", `{"cidrs":["198.51.100.0/24"]}`, admin)
	require.Equal(t, 200, status, body)
	status, _, body = send(t, srv, "GET", "/items/1", "198.51.100.7", "")
	assert.Equal(t, 403, status, body)
	status, _, _ = send(t, srv, "GET", "/items/1", "203.0.113.9", "")
	assert.Equal(t, 200, status, "the old blocklist is gone")

	status, _, body = send(t, srv, "PUT", "/admin/blocklist", "192.0.2.1", `{"cidrs":["not an address"]}`, admin)
	assert.Equal(t, 422, status, body)
	assert.Contains(t, body, `is neither a CIDR prefix nor an IP address`)
	status, _, _ = send(t, srv, "GET", "/items/1", "198.51.100.7", "")
	assert.Equal(t, 403, status, "a refused blocklist keeps the one in force")

	_, policy, _ := send(t, srv, "GET", "/items/1", "192.0.2.2", "")
	assert.Equal(t, `"global";q=40;w=2`, policy)
	status, _, body = send(t, srv, "PUT", "/admin/limits", "192.0.2.1", `{"rate":1,"burst":2}`, admin)
	require.Equal(t, 200, status, body)
	_, policy, _ = send(t, srv, "GET", "/items/1", "192.0.2.2", "")
	assert.Equal(t, `"global";q=2;w=2`, policy)
	status, _, _ = send(t, srv, "GET", "/items/1", "192.0.2.2", "")
	assert.Equal(t, 429, status, "the client's bucket goes on under the new limit")
	status, _, body = send(t, srv, "PUT", "/admin/limits", "192.0.2.1", `{"rate":0,"burst":2}`, admin)
	assert.Equal(t, 422, status, body)
}

// TestDemoListLimitReportOnly shows the candidate limit of GET /items in
// report-only mode: every request passes, with the global limit's fields
// only, and the access log marks the would-be refusals.
func TestDemoListLimitReportOnly(t *testing.T) {
	var logs bytes.Buffer
	srv := testserver.Start(t, newRouter(slog.New(slog.NewTextHandler(&logs, nil)), newStore(), Hosts("127.0.0.1:8080"))).URL
	for range 8 {
		status, policy, _ := send(t, srv, "GET", "/items", "192.0.2.3", "")
		assert.Equal(t, 200, status)
		assert.Equal(t, `"global";q=40;w=2`, policy)
	}
	assert.Equal(t, 3, strings.Count(logs.String(), "would_reject_by=ratelimit.Limit would_status=429 enforced=false"), logs.String())
}

// TestDemoGlobalLimitTiers gives the paid plan its own policy and exempts
// the internal network.
func TestDemoGlobalLimitTiers(t *testing.T) {
	srv := testserver.Start(t, newRouter(slog.New(slog.NewTextHandler(io.Discard, nil)), newStore(), Hosts("127.0.0.1:8080"))).URL
	_, policy, _ := send(t, srv, "GET", "/items/1", "192.0.2.4", "")
	assert.Equal(t, `"global";q=40;w=2`, policy)
	_, policy, _ = send(t, srv, "GET", "/items/1", "192.0.2.4", "", [2]string{"X-Plan", "paid"})
	assert.Equal(t, `"global-paid";q=200;w=2`, policy)
	status, policy, _ := send(t, srv, "GET", "/items/1", "10.0.0.5", "")
	assert.Equal(t, 200, status)
	assert.Empty(t, policy, "the internal network is exempt")

	status, _, body := send(t, srv, "PUT", "/admin/exempt", "192.0.2.1", `["192.0.2.0/24"]`, admin)
	require.Equal(t, 200, status, body)
	_, policy, _ = send(t, srv, "GET", "/items/1", "192.0.2.4", "")
	assert.Empty(t, policy, "192.0.2.0/24 is exempt now")
	_, policy, _ = send(t, srv, "GET", "/items/1", "10.0.0.5", "")
	assert.Equal(t, `"global";q=40;w=2`, policy, "10.0.0.0/8 is not any more")
	status, _, body = send(t, srv, "PUT", "/admin/exempt", "192.0.2.1", `["10.0.0.0/33"]`, admin)
	assert.Equal(t, 422, status, body)
}

// TestDemoInternalNetworkCreatesUncounted creates more items from the
// exempt internal network than the daily quota allows: none is counted
// and none carries the quota's policy.
func TestDemoInternalNetworkCreatesUncounted(t *testing.T) {
	srv := testserver.Start(t, newRouter(slog.New(slog.DiscardHandler), newStore(), Hosts("127.0.0.1:8080"))).URL
	for range 25 {
		status, policy, body := send(t, srv, "POST", "/items", "10.0.0.5", `{"name":"mug"}`)
		require.Equal(t, http.StatusCreated, status, body)
		assert.Empty(t, policy)
	}
	status, policy, _ := send(t, srv, "POST", "/items", "192.0.2.1", `{"name":"mug"}`)
	assert.Equal(t, http.StatusCreated, status)
	assert.Contains(t, policy, `"creates-daily";q=20;w=`)
}
